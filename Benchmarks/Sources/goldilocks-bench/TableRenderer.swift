import Foundation

/// The readable table printed after the JSON: one line per figure.
enum TableRenderer {
  static func render(_ report: BenchReport) -> String {
    var rows: [(String, String)] = []
    for result in report.gemm + report.gemmOtherKernel {
      rows.append(
        (
          "GEMM 256x784x512 fp32 \(result.kernel), \(result.threads) thread(s)",
          f("%.1f GFLOP/s median, %.1f best", result.medianGflops, result.bestGflops)
        )
      )
    }
    if let mlp = report.seedMLPTraining {
      rows.append(
        (
          "seed-mlp \(mlp.epochs) epochs, in-process",
          f(
            "%.2f s train + %.2f s load, accuracy %.4f",
            mlp.trainSeconds,
            mlp.loadSeconds,
            mlp.accuracy
          )
        )
      )
    }
    if let cli = report.seedMLPTrainingCLI {
      rows.append(("seed-mlp, CLI `calc train` (whole process)", training(cli)))
    }
    if let latency = report.seedMLPLatency {
      rows.append(
        (
          "seed-mlp batch-1 latency",
          f("p50 %.4f ms, p95 %.4f ms, p99 %.4f ms", latency.p50Ms, latency.p95Ms, latency.p99Ms)
        )
      )
    }
    if let cnn = report.seedCNNTrainingCLI {
      rows.append(("seed-cnn, CLI `calc train` (whole process)", training(cnn)))
    }
    if let q = report.teacherInt8 {
      rows.append(
        (
          "teacher batch 64, fp32 vs int8 p50",
          f(
            "%.3f ms vs %.3f ms: %.2fx (interleaved; per-round ratio quartiles %.2f/%.2f/%.2f)",
            q.fp32P50Ms,
            q.int8P50Ms,
            q.speedup,
            q.roundSpeedupQuartiles[0],
            q.roundSpeedupQuartiles[1],
            q.roundSpeedupQuartiles[2]
          )
        )
      )
      rows.append(
        (
          "teacher batch 64, matrix products only",
          f(
            "Gemm %.3f ms vs Int8Gemm (\(q.int8Kernel)) %.3f ms: %.2fx; AVX2 pairs kernel %.3f ms",
            q.kernelsOnlyFP32P50Ms,
            q.kernelsOnlyInt8P50Ms,
            q.kernelsOnlySpeedup,
            q.kernelsOnlyPairsP50Ms
          )
        )
      )
    }
    if let forest = report.forest {
      rows.append(
        (
          "forest 100 trees, digits",
          f(
            "train %.3f s, predict-1 p50 %.4f ms, %ld bytes, accuracy %.4f",
            forest.trainSeconds,
            forest.predictOneP50Ms,
            forest.storedSizeBytes,
            forest.accuracy
          )
        )
      )
    }
    for summary in report.cliSummary {
      rows.append(
        (
          "calc summary \(summary.name)",
          f(
            "median %.1f ms CPU, %.1f ms wall (in-process %.3f ms)",
            summary.medianCPUMs,
            summary.medianWallMs,
            summary.inProcessMs
          )
        )
      )
    }
    if let gpt = report.tinyGPT {
      let run = gpt.training
      rows.append(
        (
          "tiny-gpt \(run.steps) steps, CLI `calc train` (whole process)",
          f(
            "%.2f s wall, train %.2f s, val loss %.4f, perplexity %.2f, exit %d",
            run.wallSeconds,
            run.trainSeconds ?? .nan,
            run.valLoss ?? .nan,
            run.perplexity ?? .nan,
            run.exitStatus
          )
        )
      )
      if let with = gpt.withCache, let without = gpt.withoutCache {
        rows.append(
          (
            "tiny-gpt generate \(with.tokens) tokens, KV cache vs none",
            f(
              "%.0f vs %.0f tokens/s (median of %d): %.1fx",
              with.medianTokensPerSecond,
              without.medianTokensPerSecond,
              with.runs,
              gpt.kvCacheSpeedup ?? .nan
            )
          )
        )
      }
    }
    for skipped in report.skipped { rows.append(("skipped", skipped)) }
    let width = rows.map(\.0.count).max() ?? 0
    let machine = report.machine
    var lines = [
      "goldilocks-bench \(report.date) (\(report.configuration))",
      "\(machine.cpuModel ?? "unknown CPU"), \(machine.cores) cores, \(machine.simdLevel), "
        + "load \(machine.loadAverageAtStart.map { f("%.2f", $0) }.joined(separator: " "))",
      "float kernel \(machine.floatKernel): \(machine.floatKernelSummary); int8 kernel "
        + machine.int8Kernel,
    ]
    for (name, value) in rows {
      lines.append(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
    }
    return lines.joined(separator: "\n")
  }

  static func training(_ run: CLITraining) -> String {
    (run.fallback == nil ? "" : "[fallback] ")
      + f(
        "%.2f s wall, %.2f s CPU, peak RSS %.1f MiB, train %.2f s, accuracy %.4f, exit %d",
        run.wallSeconds,
        run.cpuSeconds,
        run.peakRSSMebibytes,
        run.trainSeconds ?? .nan,
        run.accuracy ?? .nan,
        run.exitStatus
      )
  }

  static func f(_ format: String, _ values: any CVarArg...) -> String {
    String(format: format, arguments: values)
  }
}
