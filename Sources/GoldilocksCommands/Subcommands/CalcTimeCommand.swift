import ArgumentParser
import Engine
import Foundation
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
  @Option(help: "fp32, fp16 or int8.") var precision: String = "fp32"
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

  mutating func run() throws {
    let context = CommandContext(global)
    guard (1...100_000).contains(runs) else {
      throw GoldilocksError.invalidValue("--runs must be between 1 and 100000, got \(runs)")
    }
    guard (1...4096).contains(batch) else {
      throw GoldilocksError.invalidValue("--batch must be between 1 and 4096, got \(batch)")
    }
    guard ["fp32", "fp16", "int8"].contains(precision) else {
      throw GoldilocksError.invalidValue("--precision must be fp32, fp16 or int8, got \(precision)")
    }
    let model = try SpecInput(spec).model(in: context)
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    // Too big is a question of memory at this batch, checked before anything is allocated;
    // an analytic-only model that would fit is refused for having no kernels, not for size.
    try lab.lab.checkInferenceMemory(model, batch: batch)
    try model.requireBuildable(for: "time")
    let report: LatencyReport
    switch precision {
    case "fp32":
      let network = try NetworkBuilder.network(
        for: model,
        task: nil,
        seed: context.seed,
        use: .inference(batch: batch),
        budget: lab.memoryBudget
      )
      report = try lab.lab.latency(network, dataset: nil, batch: batch, runs: runs)
    default:
      report = try QuantizedTiming.latency(
        model: model,
        precision: precision,
        batch: batch,
        runs: runs,
        seed: context.seed,
        budget: lab.memoryBudget
      )
    }
    let seconds = { (d: Duration) in LatencyReport.seconds(d) * 1000 }
    let result = Report(
      batch: batch,
      runs: runs,
      precision: precision,
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
        to: "Latency of \(SpecInput(spec).text) at \(precision), batch \(batch)"
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
      precision == "int8"
      ? "int8 kernel: \(Int8Gemm.Kernel.best.summary)"
      : "float kernel: \(Gemm.Kernel.best.summary)"
    context.output.line(context.color.apply(.dim, to: kernels))
  }
}

/// Timing of the reduced-precision paths of the compression lab.
enum QuantizedTiming {
  /// Examples of seeded random calibration input used when timing int8 without a dataset.
  static let calibrationCount = 64

  static func latency(
    model: ModelDescription,
    precision: String,
    batch: Int,
    runs: Int,
    seed: UInt64,
    budget: MemoryBudget
  )
    throws -> LatencyReport
  {
    // The float network, plus its reduced-precision copy (codes, and dequantized float
    // weights for the layers that run in float): at most one more set of fp32 weights.
    let calibrates = precision == "int8"
    let use = MemoryEstimate.Use.inference(
      batch: calibrates ? max(batch, calibrationCount) : batch
    )
    let estimate = try MemoryEstimate(model: model, use: use)
    try budget.check(
      estimate.total + estimate.weights,
      for:
        "making and running the \(precision) copy of \(model.presetName ?? "this model")"
        + (calibrates
          ? " (\(calibrationCount) calibration inputs at once, then batch \(batch))"
          : " at batch \(batch)")
    )
    let network = try NetworkBuilder.network(
      for: model,
      task: nil,
      seed: seed,
      use: use,
      budget: budget
    )
    let target: QuantizationTarget = precision == "fp16" ? .fp16 : .int8
    let quantized = try ModelQuantizer.quantize(
      network: network,
      target: target,
      perChannel: true,
      calibration: target == .int8
        ? ModelQuantizer.randomCalibration(for: network, count: calibrationCount, seed: seed)
        : nil
    )
    return try quantized.latency(dataset: nil, batch: batch, runs: runs)
  }
}
