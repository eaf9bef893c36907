import ArgumentParser
import Engine
import Foundation
import Lab
import SpecLanguage
import Terminal

/// `calc sweep`: train and measure a model at several sizes and chart the results.
struct CalcSweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Train and measure a model at several sizes and chart the results.",
    discussion: """
      --vary NAME=V1,V2,... with NAME
        width     the units (or filters) of the first hidden layer; the other hidden
                  layers are scaled by the same ratio, so one number names the width
        depth     the number of hidden layers (the last hidden layer repeated or removed)
        sparsity  one-shot magnitude pruning of the trained model to each sparsity;
                  its size is the zlib-compressed file, where the zeros pay off
        bits      post-training quantization to 32, 16, 8 or 4 bits
        context, batch, precision, group
                  for language models: calc serve's figures at each value
                  (values optional: --vary context uses 1024 ... 131072)
      Every point is trained (or loaded from the weight cache) and measured; the
      charts show held-out accuracy and batch-1 p50 latency against the size of
      the weight file, where the diminishing returns of a bigger model show. --csv
      and --svg also write the points and the charts to new files (an existing
      file is never replaced).
      """
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]
  @Option(help: "NAME=V1,V2,... with NAME width, depth, sparsity or bits.") var vary: String
  @Option(help: "The dataset (default: the bundled set that fits the input).") var dataset: String?
  @OptionGroup(title: "Training") var training: TrainingOptions
  @Option(help: "Also write the points as CSV to this new file.") var csv: String?
  @Option(help: "Also write the charts as SVG to this new file.") var svg: String?
  @OptionGroup var repeating: RepeatOptions
  @OptionGroup var memory: MemoryOptions

  func validate() throws {
    guard ServeComparison.isServingSweep(vary) else { return }
    guard svg == nil else {
      throw GoldilocksError.invalidValue("--svg is not available for serving sweeps; use --csv")
    }
    guard !repeating.isRepeated else {
      throw GoldilocksError.invalidValue(
        "--repeats is not available for serving sweeps: their figures are computed from the architecture, not measured over seeds; drop --repeats"
      )
    }
    if let flag = training.given.first {
      throw GoldilocksError.invalidValue(
        "\(flag) sets how models are trained; a serving sweep computes its figures from the architecture and trains nothing: drop \(flag)"
      )
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    if ServeComparison.isServingSweep(vary) {
      try ServeComparison(context: context).sweep(modelWords: spec, vary: vary, csv: csv)
      return
    }
    let plan: SweepPlan
    do {
      plan = try SweepPlan.parse(vary)
    } catch {
      throw GoldilocksError.invalidValue("--vary \(error)")
    }
    for path in [csv, svg].compactMap({ $0 }) where FileManager.default.fileExists(atPath: path) {
      throw GoldilocksError.invalidValue(
        "\(path) exists already and is left untouched; choose another file name"
      )
    }
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    let seeds = repeating.seeds(from: context.seed)
    let outcome = try SweepRun(context: context, lab: lab).run(
      SpecInput(spec),
      plan: plan,
      datasetName: dataset,
      training: training,
      seeds: seeds
    )
    let data = outcome.data
    // With --repeats the table, charts and CSV show each point's mean over the seeds.
    let rows =
      repeating.isRepeated ? SweepReport.meanRows(outcome.perSeed) : outcome.perSeed[0]
    lab.record(command: "calc sweep", spec: outcome.expanded, result: rows)
    let charts = SweepReport.charts(rows, plan: plan, data: data)
    if let csv { try SafeFileWriter.write(Data(SweepReport.csv(rows).utf8), to: csv) }
    if let svg {
      let title = "\(outcome.expanded) on \(data.name), varying \(plan.knob.rawValue)"
      try SafeFileWriter.write(
        Data(SVGChart(title: title, charts: charts).document().utf8),
        to: svg
      )
    }
    if context.json {
      if repeating.isRepeated {
        try context.printJSON(
          SweepReport.repeatedRows(outcome.perSeed, regression: data.task == .regression)
        )
      } else {
        try context.printJSON(rows)
      }
      return
    }
    let renderer = ChartRenderer(width: context.width, color: context.color)
    context.output.line(
      context.color.apply(
        .bold,
        to: "Sweep of \(plan.knob.rawValue) for \(outcome.expanded) on \(data.name)"
      )
    )
    context.output.line(SweepReport.table(rows, plan: plan).render())
    for chart in charts {
      context.output.line("")
      context.output.line(renderer.render(chart))
    }
    context.output.line("")
    let returns =
      repeating.isRepeated
      ? SweepReport.repeatedReturns(outcome.perSeed, seeds: seeds, data: data)
      : SweepReport.returns(rows)
    for line in returns { context.say(line) }
    for (flag, path) in [("CSV", csv), ("SVG", svg)] {
      if let path { context.output.line("Wrote the \(flag) to \(path).") }
    }
  }
}

extension CommandContext {
  /// Where progress of a long command goes: stdout, or stderr under `--json`.
  var forInteractionOutput: any OutputSink { forInteraction().output }
}
