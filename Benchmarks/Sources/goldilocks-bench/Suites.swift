import Engine
import Foundation
import Lab
import SpecLanguage

/// Settings of one run: where the repository and the release CLI are, and how many repeats.
struct BenchSettings {
  var repositoryRoot: String
  var cli: String?
  var quick: Bool
  var mnistSplitOutput: String?
  var only: Set<String>
  /// Steps of the tiny-gpt training case (`--tiny-gpt-steps`; 2,000 by default, 100 quick).
  var tinyGPTSteps: Int = 2_000

  var datasets: URL { URL(fileURLWithPath: repositoryRoot + "/content/datasets") }

  func wants(_ section: String) -> Bool { only.isEmpty || only.contains(section) }

  /// `full` normally, `quick` for a smoke run.
  func count(_ full: Int, quick small: Int) -> Int { quick ? small : full }
}

/// The measurements, one function per target.
enum Suites {
  static let seed: UInt64 = 42

  // MARK: - GEMM

  /// fp32 `C = A·B` at M=256, K=784, N=512 with one float kernel: warm-up, then timed
  /// repetitions.
  static func gemm(threads: Int, kernel: Gemm.Kernel, settings: BenchSettings) -> GemmResult {
    let (m, k, n) = (256, 784, 512)
    var generator = SeededGenerator(seed: 1)
    let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &generator) }
    let b = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &generator) }
    var c = [Float](repeating: 0, count: m * n)
    let repetitions = settings.count(60, quick: 10)
    var times: [Double] = []
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          func once() {
            Gemm.multiply(
              m: m,
              n: n,
              k: k,
              a: pa.baseAddress!,
              aRowStride: k,
              aColumnStride: 1,
              b: pb.baseAddress!,
              bRowStride: n,
              bColumnStride: 1,
              c: pc.baseAddress!,
              ldc: n,
              threads: threads,
              kernel: kernel
            )
          }
          for _ in 0..<5 { once() }
          for _ in 0..<repetitions { times.append(Stopwatch.seconds { once() }) }
        }
      }
    }
    let flops = 2.0 * Double(m * n * k)
    let stats = Statistics(times)
    return GemmResult(
      kernel: kernel.rawValue,
      m: m,
      k: k,
      n: n,
      threads: threads,
      repetitions: repetitions,
      bestGflops: flops / stats.best / 1e9,
      medianGflops: flops / stats.median / 1e9,
      medianMs: stats.median * 1000
    )
  }

  // MARK: - seed-mlp

  /// Loads MNIST and trains seed-mlp for 10 epochs with no weight cache, timing both.
  static func trainSeedMLP(settings: BenchSettings) throws -> (TrainingResult, Network, Dataset) {
    let clock = ContinuousClock()
    let start = clock.now
    let model = try ModelSpec.parse("seed-mlp")
    let data = try DatasetCatalog(directory: settings.datasets).load("mnist", seed: seed)
      .fitted(to: model.inputShape.dimensions)
    let loaded = clock.now
    let recipe = TrainingRecipe(
      epochs: settings.count(10, quick: 1),
      batchSize: 32,
      optimizer: "adam",
      learningRate: 1e-3,
      seed: seed
    )
    let lab = ModelLab(cacheDirectory: nil)
    let trained = try lab.train(model, spec: "seed-mlp", on: data, recipe: recipe)
    let total = Stopwatch.seconds(start.duration(to: clock.now))
    let result = TrainingResult(
      model: "seed-mlp (784-128relu-10softmax)",
      dataset: "mnist",
      trainExamples: data.trainCount,
      testExamples: data.testCount,
      epochs: recipe.epochs,
      batchSize: recipe.batchSize,
      optimizer: recipe.optimizer,
      learningRate: recipe.learningRate,
      loadSeconds: Stopwatch.seconds(start.duration(to: loaded)),
      trainSeconds: Stopwatch.seconds(loaded.duration(to: clock.now)),
      totalSeconds: total,
      accuracy: try lab.accuracy(trained.network, on: data)
    )
    return (result, trained.network, data)
  }

  /// Writes the MNIST split's row indices so the peers train on exactly the same rows.
  static func writeMNISTSplit(to path: String, settings: BenchSettings) throws {
    let file = try DatasetCatalog(directory: settings.datasets).file("mnist")
    let labels = file.labels.map { Int($0) }
    let split = DatasetSplitter.split(
      labels: labels,
      rows: labels.count,
      testFraction: 0.2,
      seed: seed
    )
    let document: [String: Any] = [
      "dataset": "mnist", "seed": Int(seed), "test_fraction": 0.2,
      "note": "DatasetSplitter.split, stratified, as `calc train` uses",
      "train": split.train, "test": split.test,
    ]
    let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    try data.write(to: URL(fileURLWithPath: path))
  }

  /// Batch-1 latency of a trained network on real test images.
  static func latency(_ network: Network, data: Dataset, settings: BenchSettings) throws
    -> LatencyResult
  {
    let runs = settings.count(5_000, quick: 200)
    let report = try ModelLab(cacheDirectory: nil).latency(
      network,
      dataset: data,
      batch: 1,
      runs: runs
    )
    func ms(_ value: Duration) -> Double { LatencyReport.seconds(value) * 1000 }
    return LatencyResult(
      model: "seed-mlp",
      batch: 1,
      warmUp: max(5, runs / 10),
      runs: runs,
      p50Ms: ms(report.p50),
      p95Ms: ms(report.p95),
      p99Ms: ms(report.p99),
      meanMs: ms(report.mean),
      minMs: ms(report.minimum)
    )
  }

  // MARK: - int8

  /// The teacher trained briefly, quantized to int8 (per channel, calibrated on 512
  /// training images), and both paths timed at batch 64 on the same test images.
  static func teacherInt8(data: Dataset, settings: BenchSettings) throws -> Int8Result {
    let model = try ModelSpec.parse("teacher")
    let lab = ModelLab(cacheDirectory: nil)
    let epochs = 1
    let trained = try lab.train(
      model,
      spec: "teacher",
      on: data,
      recipe: TrainingRecipe(epochs: epochs, batchSize: 32, seed: seed)
    )
    let network = trained.network
    let calibration = data.train.features.items(0..<512)
    let quantized = try ModelQuantizer.quantize(
      network: network,
      target: .int8,
      perChannel: true,
      calibration: calibration
    )
    let batch = 64
    let input = data.test.features.items(0..<batch)
    let runs = settings.count(400, quick: 40)
    // Run each once with errors surfaced: the timed closures below cannot throw.
    _ = try network.predict(input)
    _ = try quantized.predict(input)
    // A B A B rounds (B A in odd rounds), so the machine's drift falls on both alike.
    let (fp32Runs, int8Runs) = InterleavedTiming(warmUp: 40, rounds: runs).measure(
      { _ = try? network.predict(input) },
      { _ = try? quantized.predict(input) }
    )
    let fp32 = LatencyReport(samples: fp32Runs, batchSize: batch)
    let int8 = LatencyReport(samples: int8Runs, batchSize: batch)
    let fp32Ms = LatencyReport.seconds(fp32.p50) * 1000
    let int8Ms = LatencyReport.seconds(int8.p50) * 1000
    let roundRatios = zip(fp32Runs, int8Runs).map {
      LatencyReport.seconds($0) / LatencyReport.seconds($1)
    }.sorted()
    let kernels = try teacherKernels(settings: settings)
    return Int8Result(
      model: "teacher (784-512relu-256relu-10)",
      batch: batch,
      runs: runs,
      trainEpochs: epochs,
      calibrationExamples: calibration.batchSize,
      fp32P50Ms: fp32Ms,
      int8P50Ms: int8Ms,
      speedup: fp32Ms / int8Ms,
      timing:
        "interleaved: \(runs) rounds of fp32 and int8 (order alternating), after 40 warm-up rounds",
      roundSpeedupQuartiles: [
        roundRatios[roundRatios.count / 4], roundRatios[roundRatios.count / 2],
        roundRatios[roundRatios.count * 3 / 4],
      ],
      fp32Accuracy: try lab.accuracy(network, on: data),
      int8Accuracy: try quantized.accuracy(on: data.test, task: data.task),
      int8Path: "ModelQuantizer.quantize(target: .int8, perChannel: true) → QuantizedModel.predict",
      integerLayers: quantized.integerLayers,
      floatLayers: quantized.floatLayers,
      kernelsOnlyFP32P50Ms: kernels.fp32,
      kernelsOnlyInt8P50Ms: kernels.int8,
      kernelsOnlySpeedup: kernels.fp32 / kernels.int8,
      int8Kernel: Int8Gemm.Kernel.best.rawValue,
      kernelsOnlyPairsP50Ms: kernels.pairs
    )
  }

  /// The teacher's three matrix products at batch 64 alone: `Int8Gemm` on packed int8
  /// weights vs fp32 `Gemm`, both with the default thread choice, p50 of the sum (ms).
  ///
  /// This separates the kernels from the per-element quantize, requantize and dequantize
  /// work that `QuantizedModel.predict` adds between layers.
  static func teacherKernels(
    settings: BenchSettings
  ) throws -> (fp32: Double, int8: Double, pairs: Double) {
    let batch = 64
    let shapes = [(784, 512), (512, 256), (256, 10)]
    var generator = SeededGenerator(seed: 3)
    var fp32Inputs: [[Float]] = []
    var fp32Weights: [[Float]] = []
    var int8Inputs: [[Int8]] = []
    var packed: [Int8Gemm.PackedMatrix] = []
    var packedPairs: [Int8Gemm.PackedMatrix] = []
    for (k, n) in shapes {
      fp32Inputs.append((0..<(batch * k)).map { _ in Float.random(in: -1...1, using: &generator) })
      fp32Weights.append((0..<(k * n)).map { _ in Float.random(in: -1...1, using: &generator) })
      int8Inputs.append(
        (0..<(batch * k)).map { _ in Int8.random(in: -127...127, using: &generator) }
      )
      let codes = (0..<(k * n)).map { _ in Int8.random(in: -127...127, using: &generator) }
      packed.append(try Int8Gemm.PackedMatrix(codes, rows: k, columns: n))
      packedPairs.append(try Int8Gemm.PackedMatrix(codes, rows: k, columns: n, kernel: .pairs))
    }
    let runs = settings.count(400, quick: 40)
    let fp32 = LatencyBenchmark(warmUp: 40, runs: runs, batchSize: batch).measure {
      for (index, (k, n)) in shapes.enumerated() {
        var c = [Float](repeating: 0, count: batch * n)
        fp32Inputs[index].withUnsafeBufferPointer { a in
          fp32Weights[index].withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { pc in
              Gemm.multiply(
                m: batch,
                n: n,
                k: k,
                a: a.baseAddress!,
                aRowStride: k,
                aColumnStride: 1,
                b: b.baseAddress!,
                bRowStride: n,
                bColumnStride: 1,
                c: pc.baseAddress!,
                ldc: n
              )
            }
          }
        }
      }
    }
    let int8 = try LatencyBenchmark(warmUp: 40, runs: runs, batchSize: batch).measure {
      for index in shapes.indices {
        _ = try Int8Gemm.multiply(int8Inputs[index], packed[index], m: batch)
      }
    }
    let pairs = try LatencyBenchmark(warmUp: 40, runs: runs, batchSize: batch).measure {
      for index in shapes.indices {
        _ = try Int8Gemm.multiply(int8Inputs[index], packedPairs[index], m: batch)
      }
    }
    return (
      LatencyReport.seconds(fp32.p50) * 1000, LatencyReport.seconds(int8.p50) * 1000,
      LatencyReport.seconds(pairs.p50) * 1000
    )
  }

  // MARK: - forest

  /// The forest fixture: digits rows and the scikit-learn split it was generated with.
  struct ForestFixture: Decodable {
    struct Reference: Decodable {
      var accuracy: Double
      var joblibBytes: Int
    }
    var nSamples: Int
    var nFeatures: Int
    var x: [Double]
    var y: [Int]
    var train: [Int]
    var test: [Int]
    var forest: Reference
  }

  /// 100 trees on two threads through `ClassicalLab.measureForest`.
  static func forest(settings: BenchSettings) throws -> ForestResult {
    let path = settings.repositoryRoot + "/Tests/EngineTests/Fixtures/forest_reference.json"
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let fixture = try decoder.decode(
      ForestFixture.self,
      from: Data(contentsOf: URL(fileURLWithPath: path))
    )
    let columns = fixture.nFeatures
    func matrix(_ rows: [Int]) throws -> FeatureMatrix {
      var values: [Float] = []
      values.reserveCapacity(rows.count * columns)
      for row in rows {
        for column in 0..<columns { values.append(Float(fixture.x[row * columns + column])) }
      }
      return try FeatureMatrix(rows: rows.count, columns: columns, values: values)
    }
    let data = try ClassicalData(
      name: "digits",
      task: .classification,
      trainX: try matrix(fixture.train),
      trainTargets: fixture.train.map { Float(fixture.y[$0]) },
      testX: try matrix(fixture.test),
      testTargets: fixture.test.map { Float(fixture.y[$0]) }
    )
    let threads = 2
    let measured = try ClassicalLab.measureForest(
      on: data,
      parameters: RandomForest.Parameters(treeCount: 100, seed: 0, threads: threads),
      latencyRuns: settings.count(5_000, quick: 200)
    )
    return ForestResult(
      dataset: "digits (forest_reference.json split, 64 raw features)",
      trainRows: measured.trainRows,
      testRows: measured.testRows,
      trees: measured.trees ?? 100,
      threads: threads,
      trainSeconds: measured.measured.trainSeconds,
      predictOneP50Ms: measured.measured.latencyMs.p50,
      predictOneP95Ms: measured.measured.latencyMs.p95,
      batchedMsPerRow: measured.batchedMsPerRow,
      storedSizeBytes: measured.measured.sizeBytes,
      nodes: measured.nodes,
      accuracy: measured.measured.accuracy,
      sklearnFixtureAccuracy: fixture.forest.accuracy,
      sklearnFixtureJoblibBytes: fixture.forest.joblibBytes
    )
  }
}
