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

  struct Report: Encodable {
    let batch: Int
    let runs: Int
    let precision: String
    let latencyMs: Latency
    let throughputPerS: Double

    struct Latency: Encodable {
      let p50: Double
      let p95: Double
      let p99: Double
      let mean: Double
    }
  }

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
    let report = try LatencyTiming(lab: lab, seed: context.seed).measure(
      model,
      precision: precision,
      batch: batch,
      runs: runs
    )
    let seconds = { (d: Duration) in LatencyReport.seconds(d) * 1000 }
    let result = Report(
      batch: batch,
      runs: runs,
      precision: precision.rawValue,
      latencyMs: .init(
        p50: seconds(report.p50),
        p95: seconds(report.p95),
        p99: seconds(report.p99),
        mean: seconds(report.mean)
      ),
      throughputPerS: report.throughputPerSecond
    )
    if context.json {
      try context.printJSON(result)
      return
    }
    let machine = MachineInfo.current()
    context.output.line(
      context.color.apply(
        .bold,
        to: "Latency of \(SpecInput(spec).text) at \(precision.rawValue), batch \(batch)"
      )
    )
    context.output.line(
      TextTable(
        header: ["p50", "p95", "p99", "mean", "throughput"],
        rows: [
          [
            CalcTrainCommand.ms(result.latencyMs.p50), CalcTrainCommand.ms(result.latencyMs.p95),
            CalcTrainCommand.ms(result.latencyMs.p99), CalcTrainCommand.ms(result.latencyMs.mean),
            "\(NumberFormat.grouped(Int64(result.throughputPerS.rounded()))) examples/s",
          ]
        ],
        alignments: [.right, .right, .right, .right, .right]
      ).render()
    )
    context.output.line(
      context.color.apply(
        .dim,
        to:
          "\(runs) timed runs after \(max(5, runs / 10)) warm-up runs on \(Plural.count(machine.activeCores, "core")), \(machine.cpuModel ?? "unknown CPU"), SIMD: \(machine.simdLevel)"
      )
    )
    let kernels =
      precision == .int8
      ? "int8 kernel: \(Int8Gemm.Kernel.best.summary)"
      : "float kernel: \(Gemm.Kernel.best.summary)"
    context.output.line(context.color.apply(.dim, to: kernels))
  }
}
