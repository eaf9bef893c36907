import Engine
import Foundation

#if canImport(Glibc)
import Glibc
#endif

// goldilocks-bench: measures the engine and the release CLI in one run and prints a table
// and a JSON report. Usage (release build, from anywhere):
//   goldilocks-bench --root /path/to/repo --cli /path/to/release/goldilocks
//     [--output report.json] [--mnist-split split.json] [--quick] [--only gemm,mlp,...]
//     [--tiny-gpt-steps N]
// Sections: gemm, mlp, latency, int8, forest, cli-mlp, cli-cnn, summary, cli-tiny-gpt
// (`calc train tiny-gpt --dataset shakespeare --steps N`, then `calc generate` with and
// without the KV cache; N is 2000 by default, 100 with --quick).

func argumentValue(_ name: String, in arguments: [String]) -> String? {
  guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else {
    return nil
  }
  return arguments[index + 1]
}

func loadAverage() -> [Double] {
  var values = [Double](repeating: 0, count: 3)
  let count = getloadavg(&values, 3)
  return count == 3 ? values : []
}

func kernelRelease() -> String {
  var name = utsname()
  uname(&name)
  return withUnsafeBytes(of: &name.release) {
    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
  }
}

func note(_ text: String) {
  FileHandle.standardError.write(Data("[bench] \(text)\n".utf8))
}

let arguments = CommandLine.arguments
let benchmarkFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
let settings = BenchSettings(
  repositoryRoot: argumentValue("--root", in: arguments) ?? benchmarkFolder,
  cli: argumentValue("--cli", in: arguments),
  quick: arguments.contains("--quick"),
  mnistSplitOutput: argumentValue("--mnist-split", in: arguments),
  only: Set((argumentValue("--only", in: arguments) ?? "").split(separator: ",").map(String.init)),
  tinyGPTSteps: argumentValue("--tiny-gpt-steps", in: arguments).flatMap { Int($0) }
    ?? (arguments.contains("--quick") ? 100 : 2_000)
)
let info = MachineInfo.current()
var report = BenchReport(
  date: ISO8601DateFormatter().string(from: Date()),
  machine: Machine(
    cores: info.activeCores,
    cpuModel: info.cpuModel,
    simdFlags: info.simdFlags,
    simdLevel: info.simdLevel,
    loadAverageAtStart: loadAverage(),
    kernel: kernelRelease(),
    floatKernel: Gemm.Kernel.best.rawValue,
    floatKernelSummary: Gemm.Kernel.best.summary,
    int8Kernel: Int8Gemm.Kernel.best.rawValue,
    floatKernelRequested: ProcessInfo.processInfo.environment[Gemm.Kernel.environmentVariable]
  ),
  configuration: {
    #if DEBUG
    return "debug (figures are not representative)"
    #else
    return "release"
    #endif
  }()
)

@MainActor func attempt(_ section: String, _ body: () throws -> Void) {
  guard settings.wants(section) else { return }
  note("\(section)…")
  do {
    try body()
  } catch {
    report.skipped.append("\(section): \(error)")
    note("\(section) failed: \(error)")
  }
}

attempt("gemm") {
  report.gemm = [1, 2].map { Suites.gemm(threads: $0, kernel: .best, settings: settings) }
  for other in Gemm.Kernel.allCases where other != .best && other.isAvailable {
    report.gemmOtherKernel += [1, 2].map {
      Suites.gemm(threads: $0, kernel: other, settings: settings)
    }
  }
}
if let path = settings.mnistSplitOutput {
  attempt("split") { try Suites.writeMNISTSplit(to: path, settings: settings) }
}
var mlp: (network: Network, data: Dataset)?
if settings.wants("mlp") || settings.wants("latency") || settings.wants("int8") {
  attempt("mlp") {
    let (result, network, data) = try Suites.trainSeedMLP(settings: settings)
    report.seedMLPTraining = result
    mlp = (network, data)
  }
}
attempt("latency") {
  guard let mlp else { throw ChildProcessError(description: "seed-mlp was not trained") }
  report.seedMLPLatency = try Suites.latency(mlp.network, data: mlp.data, settings: settings)
}
attempt("int8") {
  guard let mlp else { throw ChildProcessError(description: "MNIST was not loaded") }
  report.teacherInt8 = try Suites.teacherInt8(data: mlp.data, settings: settings)
}
attempt("forest") { report.forest = try Suites.forest(settings: settings) }
if let cli = settings.cli {
  attempt("cli-mlp") {
    report.seedMLPTrainingCLI = try CLISuites.train(
      preset: "seed-mlp",
      epochs: settings.count(10, quick: 1),
      cli: cli,
      settings: settings,
      fallbackSpec: "input(28,28,1) flatten dense(128,relu) dense(10,softmax)"
    )
  }
  attempt("cli-cnn") {
    report.seedCNNTrainingCLI = try CLISuites.train(
      preset: "seed-cnn",
      epochs: settings.count(5, quick: 1),
      cli: cli,
      settings: settings
    )
  }
  attempt("summary") {
    report.cliSummary = [
      try CLISuites.summary(name: "gpt3-175b", spec: "gpt3-175b", cli: cli, settings: settings),
      try CLISuites.summary(
        name: "100-layer spec",
        spec: CLISuites.hundredLayerSpec(),
        cli: cli,
        settings: settings
      ),
    ]
  }
  if settings.tinyGPTSteps > 0 {
    attempt("cli-tiny-gpt") {
      report.tinyGPT = try LanguageModelSuite.tinyGPT(
        steps: settings.tinyGPTSteps,
        cli: cli,
        settings: settings
      )
    }
  } else if settings.wants("cli-tiny-gpt") {
    report.skipped.append("cli-tiny-gpt: --tiny-gpt-steps 0")
  }
} else {
  report.skipped.append(
    "cli-mlp, cli-cnn, summary, cli-tiny-gpt: no --cli path to a release goldilocks"
  )
}
report.machine.loadAverageAtEnd = loadAverage()

let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
encoder.keyEncodingStrategy = .convertToSnakeCase
let json = try encoder.encode(report)
if let output = argumentValue("--output", in: arguments) {
  try json.write(to: URL(fileURLWithPath: output))
  note("wrote \(output)")
} else {
  print(String(decoding: json, as: UTF8.self))
}
print(TableRenderer.render(report))
