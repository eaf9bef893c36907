import ArgumentParser
import Engine
import SpecLanguage
import Terminal

/// `calc explain`: each layer's formula with the numbers filled in.
struct CalcExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Each layer's parameter formula with the numbers filled in."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]

  mutating func run() throws {
    let context = CommandContext(global)
    let input = SpecInput(spec)
    let model = try input.model(in: context)
    let lines = model.explainLines()
    let summary = model.summary()
    if context.json {
      struct Explanation: Encodable {
        let spec: String
        let lines: [String]
        let totalParams: Int64
      }
      try context.printJSON(
        Explanation(spec: summary.spec, lines: lines, totalParams: summary.totalParams)
      )
      return
    }
    if let expanded = try? ModelSpec.expandedText(input.text), expanded != input.text {
      context.output.line(context.color.apply(.dim, to: expanded))
    }
    context.output.line(
      context.color.apply(.bold, to: "input")
        + ": \(NumberFormat.shape(model.inputShape.dimensions))"
    )
    for line in lines { context.say(line) }
    context.output.line(
      context.color.apply(.bold, to: "total")
        + ": \(NumberFormat.grouped(summary.totalParams)) parameters"
        + " (\(NumberFormat.grouped(summary.trainableParams)) trainable, \(NumberFormat.grouped(summary.nonTrainableParams)) non-trainable)"
    )
  }
}
