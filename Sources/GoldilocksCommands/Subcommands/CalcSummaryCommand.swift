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
    if counting == .torch {
      context.output.line()
      context.say(
        "Counted as PyTorch does: \(NumberFormat.grouped(summary.totalParams)) parameters and \(NumberFormat.grouped(buffers)) buffer values; Keras counts \(NumberFormat.grouped(model.totalParameters)) (\(NumberFormat.grouped(model.summary().nonTrainableParams)) of them non-trainable). See docs/foundation-models.md, \"Counting conventions\"."
      )
    }
    if GPTConfiguration(model: model) != nil {
      context.output.line()
      context.say(
        "This is a GPT the language-model lab can train and sample: calc train \(input.text) --dataset shakespeare --steps 2000, then calc generate \(input.text) --prompt \"ROMEO:\" --tokens 256."
      )
    } else if let lstm = LSTMConfiguration(model: model) {
      context.output.line()
      context.say(
        "This is an LSTM language model the lab can train and sample: calc train \(input.text) --dataset shakespeare --steps 2000, then calc generate \(input.text) --prompt \"ROMEO:\" --tokens 256. The lab builds it as PyTorch's nn.Embedding, nn.LSTM and nn.Linear, whose LSTM layers have two bias vectors where Keras's have one: \(NumberFormat.grouped(lstm.parameterCount)) parameters, as --convention torch counts."
      )
    } else if model.isAnalyticOnly {
      context.output.line()
      context.say(
        "This model is analytic only: its size and memory come from its shapes; its blocks describe sizes, not kernels, so it cannot be trained or timed here."
      )
    }
  }
}
