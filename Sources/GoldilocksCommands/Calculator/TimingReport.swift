import Engine
import Foundation
import Lab
import Terminal

/// What `calc time` reports: latency percentiles and mean in milliseconds and throughput for
/// one model at one precision and batch, shown with the machine and kernel that produced them.
struct TimingReport: Encodable {
  let batch: Int
  let runs: Int
  let precision: TimedPrecision
  let latencyMs: Latency
  let throughputPerS: Double

  struct Latency: Encodable {
    let p50: Double
    let p95: Double
    let p99: Double
    let mean: Double
  }

  /// The report of `timing`, measured with `runs` timed runs of `batch` examples.
  init(_ timing: LatencyReport, batch: Int, runs: Int, precision: TimedPrecision) {
    let ms = { (d: Duration) in LatencyReport.seconds(d) * 1000 }
    self.batch = batch
    self.runs = runs
    self.precision = precision
    latencyMs = Latency(
      p50: ms(timing.p50),
      p95: ms(timing.p95),
      p99: ms(timing.p99),
      mean: ms(timing.mean)
    )
    throughputPerS = timing.throughputPerSecond
  }

  /// Shows the report under a heading naming `model`, or prints it as JSON.
  func show(model: String, in context: CommandContext) throws {
    if context.json {
      try context.printJSON(self)
      return
    }
    let machine = MachineInfo.current()
    context.output.line(
      context.color.apply(.bold, to: "Latency of \(model) at \(precision.rawValue), batch \(batch)")
    )
    context.output.line(
      TextTable(
        header: ["p50", "p95", "p99", "mean", "throughput"],
        rows: [
          [
            NumberFormat.milliseconds(latencyMs.p50), NumberFormat.milliseconds(latencyMs.p95),
            NumberFormat.milliseconds(latencyMs.p99),
            NumberFormat.milliseconds(latencyMs.mean),
            "\(NumberFormat.grouped(Int64(throughputPerS.rounded()))) examples/s",
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
