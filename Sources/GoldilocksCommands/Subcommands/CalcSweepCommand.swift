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
    guard ServeComparison.isServingSweep(vary) else {
      _ = try Self.plan(vary)
      for path in [csv, svg].compactMap({ $0 }) where FileManager.default.fileExists(atPath: path) {
        throw GoldilocksError.invalidValue(
          "\(path) exists already and is left untouched; choose another file name"
        )
      }
      return
    }
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

  /// The sweep `--vary` asks for, or its error under the flag's name.
  static func plan(_ vary: String) throws -> SweepPlan {
    do {
      return try SweepPlan.parse(vary)
    } catch {
      throw GoldilocksError.invalidValue("--vary \(error)")
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    if ServeComparison.isServingSweep(vary) {
      try ServeComparison(context: context).sweep(modelWords: spec, vary: vary, csv: csv)
      return
    }
    let sweep = SweepRun(
      context: context,
      lab: LabContext(context: context, memoryBudget: try memory.budget())
    )
    let seeds = repeating.seeds(from: context.seed)
    let outcome = try sweep.run(
      SpecInput(spec),
      plan: try Self.plan(vary),
      datasetName: dataset,
      training: training,
      seeds: seeds
    )
    try sweep.publish(outcome, seeds: seeds, csv: csv, svg: svg)
  }
}

extension CommandContext {
  /// Where progress of a long command goes: stdout, or stderr under `--json`.
  var forInteractionOutput: any OutputSink { forInteraction().output }
}
