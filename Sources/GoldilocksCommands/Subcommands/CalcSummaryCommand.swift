import ArgumentParser
import Engine
import SpecLanguage
import Terminal

/// `calc summary`: a Keras-like table of a model with totals, bytes and memory.
struct CalcSummaryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "summary",
    abstract: "Parameters, shapes, MACs, bytes and memory of a model, layer by layer.",
    discussion: """
      Counts equal Keras 3's model.summary(): batch-norm moving statistics are
      non-trainable parameters. MACs are multiply-accumulates of matrix products
      and convolutions per example (bias adds not counted); one MAC is two FLOPs.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Argument(
    help:
      "The model in the spec language (quote it), or a Hugging Face config.json, a folder holding one, a .safetensors file or a model.safetensors.index.json."
  ) var spec: [String]
  @Flag(help: "Show every layer; by default identical consecutive layers are one row with × N.")
  var expand = false
  @Option(
    help: "Count parameters as keras (default) or torch does (batch-norm statistics, RNN biases)."
  )
  var convention: CountingConvention = .keras

  mutating func run() throws {
    let context = CommandContext(global)
    let input = SpecInput(spec)
    if ModelFile.looksLikePath(input.text) {
      try ModelFileSummary(context: context, expand: expand).run(path: input.text)
      return
    }
    let counting = convention
    let model = try input.model(in: context)
    var summary = model.summary()
    var buffers: Int64 = 0
    if counting == .torch {
      summary = ConventionSummary.torch(summary, model: model)
      buffers = model.layers.reduce(0) { $0 + counting.buffers(of: $1) }
    }
    if context.json, counting == .torch {
      try context.printJSON(ConventionSummary.Document(summary: summary, buffers: buffers))
      return
    }
    if context.json {
      try context.printJSON(summary)
      return
    }
    let expanded = try? ModelSpec.expandedText(input.text)
    context.output.line(
      SummaryRenderer(color: context.color, collapse: !expand).render(summary, expanded: expanded)
    )
    for note in SummaryNotes.sentences(
      for: model,
      counting: counting,
      summary: summary,
      buffers: buffers
    ) {
      context.output.line()
      context.say(note)
    }
  }
}
