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
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]

  mutating func run() throws {
    let context = CommandContext(global)
    let input = SpecInput(spec)
    let model = try input.model(in: context)
    let summary = model.summary()
    if context.json {
      try context.printJSON(summary)
      return
    }
    let expanded = try? ModelSpec.expandedText(input.text)
    context.output.line(SummaryRenderer(color: context.color).render(summary, expanded: expanded))
    if model.isAnalyticOnly {
      context.output.line()
      context.say(
        "This model is analytic only: its size and memory come from its shapes; its blocks describe sizes, not kernels, so it cannot be trained or timed here."
      )
    }
  }
}
