import Engine
import Foundation
import SpecLanguage

/// Measurements of the release `goldilocks` executable run as a child process.
enum CLISuites {
  /// A fresh data folder (no weight cache, no progress file) and the content root.
  static func environment(settings: BenchSettings) throws -> [String: String] {
    let folder = NSTemporaryDirectory() + "goldilocks-bench-data-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return [
      "XDG_DATA_HOME": folder, "GOLDILOCKS_CONTENT": settings.repositoryRoot, "NO_COLOR": "1",
    ]
  }

  /// `calc train <preset> --dataset mnist --epochs N --json` with an empty weight cache.
  ///
  /// When the preset fails (a CLI that cannot feed 28x28x1 images to `input(784)`), the
  /// same network written with an explicit flatten, `fallbackSpec`, is timed instead and
  /// the failure is recorded in `fallback`.
  static func train(
    preset: String,
    epochs: Int,
    cli: String,
    settings: BenchSettings,
    fallbackSpec: String? = nil
  ) throws -> CLITraining {
    var result = try train(spec: preset, epochs: epochs, cli: cli, settings: settings)
    if result.exitStatus != 0, let fallbackSpec {
      let failed = "`\(result.command)` exited \(result.exitStatus)"
      result = try train(spec: fallbackSpec, epochs: epochs, cli: cli, settings: settings)
      result.fallback = failed + "; timed the same network as `\(fallbackSpec)` instead"
    }
    return result
  }

  static func train(spec: String, epochs: Int, cli: String, settings: BenchSettings) throws
    -> CLITraining
  {
    let arguments = [
      "calc", "train", spec, "--dataset", "mnist", "--epochs", String(epochs), "--json",
    ]
    let env = try environment(settings: settings)
    defer { try? FileManager.default.removeItem(atPath: env["XDG_DATA_HOME"]!) }
    let run = try ChildProcess.run(
      cli,
      arguments,
      environment: env,
      directory: settings.repositoryRoot
    )
    let json = parseJSON(run.output)
    var latency: [String: Double]?
    if let values = json?["latency_ms"] as? [String: Any] {
      latency = values.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }
    return CLITraining(
      command: "goldilocks "
        + arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }
        .joined(separator: " "),
      wallSeconds: run.wallSeconds,
      cpuSeconds: run.cpuSeconds,
      peakRSSBytes: run.peakRSSBytes,
      peakRSSMebibytes: Double(run.peakRSSBytes) / 1_048_576,
      trainSeconds: (json?["train_seconds"] as? NSNumber)?.doubleValue,
      accuracy: (json?["accuracy"] as? NSNumber)?.doubleValue,
      latencyMs: latency,
      exitStatus: run.exitStatus
    )
  }

  /// The first JSON object in a command's output.
  static func parseJSON(_ output: String) -> [String: Any]? {
    guard let start = output.firstIndex(of: "{") else { return nil }
    let data = Data(output[start...].utf8)
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
  }

  /// A spec of `layers` layers: 99 hidden dense layers and the output layer.
  static func hundredLayerSpec() -> String {
    "input(784) " + Array(repeating: "dense(256,relu)", count: 99).joined(separator: " ")
      + " dense(10)"
  }

  /// `calc summary SPEC`, run once untimed and then `runs` times; medians of each figure.
  static func summary(name: String, spec: String, cli: String, settings: BenchSettings) throws
    -> CLIProcessTime
  {
    let env = try environment(settings: settings)
    defer { try? FileManager.default.removeItem(atPath: env["XDG_DATA_HOME"]!) }
    let arguments = ["calc", "summary", spec]
    let warm = try ChildProcess.run(cli, arguments, environment: env)
    guard warm.exitStatus == 0 else {
      throw ChildProcessError(description: "calc summary \(name) exited \(warm.exitStatus)")
    }
    let runs = settings.count(20, quick: 5)
    var results: [ChildRun] = []
    for _ in 0..<runs { results.append(try ChildProcess.run(cli, arguments, environment: env)) }
    func median(_ key: (ChildRun) -> Double) -> Double {
      Statistics(results.map(key)).median * 1000
    }
    let model = try ModelSpec.parse(spec)
    var inProcess: [Double] = []
    for _ in 0..<settings.count(200, quick: 20) {
      inProcess.append(Stopwatch.seconds { _ = try? ModelSpec.parse(spec).summary() })
    }
    let shown = spec.count > 60 ? String(spec.prefix(40)) + "… (\(spec.count) chars)" : spec
    return CLIProcessTime(
      name: name,
      command: "goldilocks calc summary \(shown)",
      runs: runs,
      medianWallMs: median(\.wallSeconds),
      medianCPUMs: median(\.cpuSeconds),
      medianUserMs: median(\.userSeconds),
      medianSystemMs: median(\.systemSeconds),
      maxWallMs: (results.map(\.wallSeconds).max() ?? 0) * 1000,
      peakRSSMebibytes: Double(results.map(\.peakRSSBytes).max() ?? 0) / 1_048_576,
      inProcessMs: Statistics(inProcess).median * 1000,
      layers: model.layers.count
    )
  }
}
