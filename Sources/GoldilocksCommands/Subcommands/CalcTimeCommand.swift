import ArgumentParser
import Engine
import Foundation
import Lab
import Terminal

/// `calc time`: inference latency from repeated timed runs after a warm-up.
struct CalcTimeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "time",
    abstract: "Time inference: warm-up, then repeated runs; p50, p95, p99.",
    discussion: """
      Builds the model with Keras-style initial weights (timing does not depend on
      the weights' values), runs a warm-up of a tenth of --runs, then times --runs
      forward passes of --batch random inputs. Percentiles interpolate linearly
      between samples (numpy's default). The machine's cores and SIMD level are
      printed beside the numbers.

      --precision int8 times the integer path of `calc quantize` (int8 per-channel
      weights, dense and conv2d in integer arithmetic). Static int8 needs
      calibration data; with no dataset here, activation ranges are calibrated on
      64 seeded random inputs in [0, 1), which is enough for timing but not for
      accuracy. --precision fp16 times fp16 weights with activations rounded to
      fp16 between layers (computed in fp32 on this CPU).
      """
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]
  @Option(parsing: .unconditional, help: "Examples per run.") var batch: Int = 1
  @Option(parsing: .unconditional, help: "Timed runs after the warm-up.") var runs: Int = 200
  @Option(help: "The precision to time.") var precision: TimedPrecision = .fp32
  @OptionGroup var memory: MemoryOptions

  func validate() throws {
    guard (1...100_000).contains(runs) else {
      throw GoldilocksError.invalidValue("--runs must be between 1 and 100000, got \(runs)")
    }
    guard (1...4096).contains(batch) else {
      throw GoldilocksError.invalidValue("--batch must be between 1 and 4096, got \(batch)")
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let model = try SpecInput(spec).model(in: context)
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    let timing = try LatencyTiming(lab: lab, seed: context.seed).measure(
      model,
      precision: precision,
      batch: batch,
      runs: runs
    )
    try TimingReport(timing, batch: batch, runs: runs, precision: precision)
      .show(model: SpecInput(spec).text, in: context)
  }

}
