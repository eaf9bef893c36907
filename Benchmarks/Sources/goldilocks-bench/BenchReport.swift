import Foundation

/// Everything one run of the suite measured, written as JSON (snake_case keys).
struct BenchReport: Encodable {
  var schema = "goldilocks-bench/1"
  var date: String
  var machine: Machine
  var configuration: String
  var gemm: [GemmResult] = []
  /// The same GEMM with the other float kernel (AVX2 when AVX-512 is the default), for the
  /// record; the targets judge `gemm`, the kernel every product uses by default.
  var gemmOtherKernel: [GemmResult] = []
  var seedMLPTraining: TrainingResult?
  var seedMLPTrainingCLI: CLITraining?
  var seedMLPLatency: LatencyResult?
  var seedCNNTrainingCLI: CLITraining?
  var teacherInt8: Int8Result?
  var forest: ForestResult?
  var cliSummary: [CLIProcessTime] = []
  var tinyGPT: TinyGPTResult?
  var skipped: [String] = []
}

/// The machine the run was on and how busy it was when the run started.
struct Machine: Encodable {
  var cores: Int
  var cpuModel: String?
  var simdFlags: [String]
  var simdLevel: String
  var loadAverageAtStart: [Double]
  var loadAverageAtEnd: [Double]?
  var kernel: String
  /// The float GEMM kernel products use by default (`Gemm.Kernel.best`: `avx512` or `avx2`).
  var floatKernel: String
  /// That kernel, in words.
  var floatKernelSummary: String
  /// The int8 kernel (`Int8Gemm.Kernel.best`).
  var int8Kernel: String
  /// `GOLDILOCKS_FLOAT_KERNEL` when it was set for the run.
  var floatKernelRequested: String?
}

/// fp32 GEMM throughput at one thread count.
struct GemmResult: Encodable {
  var kernel: String
  var m: Int
  var k: Int
  var n: Int
  var threads: Int
  var repetitions: Int
  var bestGflops: Double
  var medianGflops: Double
  var medianMs: Double
}

/// A model trained in-process through `ModelLab.train`.
struct TrainingResult: Encodable {
  var model: String
  var dataset: String
  var trainExamples: Int
  var testExamples: Int
  var epochs: Int
  var batchSize: Int
  var optimizer: String
  var learningRate: Double
  var loadSeconds: Double
  var trainSeconds: Double
  var totalSeconds: Double
  var accuracy: Double
}

/// A model trained by the release CLI in a child process, as a learner would run it.
struct CLITraining: Encodable {
  var command: String
  /// Why a different command than the one asked for was timed, if one was.
  var fallback: String?
  var wallSeconds: Double
  var cpuSeconds: Double
  var peakRSSBytes: Int
  var peakRSSMebibytes: Double
  /// `train_seconds` from the CLI's JSON: the training loop alone.
  var trainSeconds: Double?
  var accuracy: Double?
  var latencyMs: [String: Double]?
  var exitStatus: Int32
}

/// Batch-1 inference latency in milliseconds.
struct LatencyResult: Encodable {
  var model: String
  var batch: Int
  var warmUp: Int
  var runs: Int
  var p50Ms: Double
  var p95Ms: Double
  var p99Ms: Double
  var meanMs: Double
  var minMs: Double
}

/// The teacher at batch 64: float network vs the int8 quantized model.
struct Int8Result: Encodable {
  var model: String
  var batch: Int
  var runs: Int
  var trainEpochs: Int
  var calibrationExamples: Int
  var fp32P50Ms: Double
  var int8P50Ms: Double
  var speedup: Double
  /// How the two were timed.
  var timing: String
  /// fp32 time ÷ int8 time of each round: 25th, 50th and 75th percentiles.
  var roundSpeedupQuartiles: [Double]
  var fp32Accuracy: Double
  var int8Accuracy: Double
  var int8Path: String
  var integerLayers: [String]
  var floatLayers: [String]
  /// The three matrix products alone (`Int8Gemm` vs `Gemm`), p50 of their sum.
  var kernelsOnlyFP32P50Ms: Double
  var kernelsOnlyInt8P50Ms: Double
  var kernelsOnlySpeedup: Double
  /// The int8 kernel this machine used (`vnni` or `pairs`).
  var int8Kernel: String
  /// The same products with the AVX2 `pairs` kernel, which every x86-64 build can run.
  var kernelsOnlyPairsP50Ms: Double
}

/// The 100-tree random forest on the digits split of the forest fixture.
struct ForestResult: Encodable {
  var dataset: String
  var trainRows: Int
  var testRows: Int
  var trees: Int
  var threads: Int
  var trainSeconds: Double
  var predictOneP50Ms: Double
  var predictOneP95Ms: Double
  var batchedMsPerRow: Double
  var storedSizeBytes: Int
  var nodes: Int?
  var accuracy: Double
  var sklearnFixtureAccuracy: Double?
  var sklearnFixtureJoblibBytes: Int?
}

/// Process time of one CLI command over repeated runs.
struct CLIProcessTime: Encodable {
  var name: String
  var command: String
  var runs: Int
  var medianWallMs: Double
  var medianCPUMs: Double
  var medianUserMs: Double
  var medianSystemMs: Double
  var maxWallMs: Double
  var peakRSSMebibytes: Double
  /// Parse and `summary()` alone, in this process (median, ms): the engine's share.
  var inProcessMs: Double
  var layers: Int
}

/// tiny-gpt trained and sampled by the release CLI, as a learner runs it (issue 15).
struct TinyGPTResult: Encodable {
  var training: LanguageTrainingCLI
  /// `calc generate` with the KV cache, then without, each the median of its runs.
  var withCache: GenerationCLI?
  var withoutCache: GenerationCLI?
  /// Median tokens per second with the cache over the median without it.
  var kvCacheSpeedup: Double?
}

/// `calc train tiny-gpt --dataset shakespeare --steps N --json` in a child process.
struct LanguageTrainingCLI: Encodable {
  var command: String
  var steps: Int
  /// The whole command, from spawn to exit.
  var wallSeconds: Double
  var cpuSeconds: Double
  var peakRSSBytes: Int
  /// `train_seconds` from the CLI's JSON: the training loop alone.
  var trainSeconds: Double?
  var valLoss: Double?
  var perplexity: Double?
  var params: Int?
  var sizeBytes: Int?
  var fromCache: Bool?
  var exitStatus: Int32
}

/// `calc generate tiny-gpt --prompt ROMEO: --tokens N --json [--no-kv-cache]`, repeated.
struct GenerationCLI: Encodable {
  var command: String
  var kvCache: Bool
  var tokens: Int
  var runs: Int
  /// `tokens_per_second` from the CLI's JSON, one per run.
  var tokensPerSecond: [Double]
  var medianTokensPerSecond: Double
  var peakMemoryBytes: Int?
  var kvCacheBytes: Int?
  var medianWallSeconds: Double
  var exitStatus: Int32
}
