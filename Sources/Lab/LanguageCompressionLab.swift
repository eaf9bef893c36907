import Engine
import Foundation

/// Measures a language model before and after a compression (quantization, pruning,
/// distillation) side by side: validation loss and perplexity on the fixed validation
/// windows, parameters, the size of the file each is really written to, and generation
/// speed with the KV cache timed in alternating rounds.
///
/// Differences carry 95 % intervals from pairs: the change in loss window by window (the
/// same 240 validation windows for both models), the change in speed round by round. A
/// verdict is drawn only when the interval excludes zero.
public struct LanguageCompressionLab: Sendable {
  /// The validation tokens.
  public let validation: [Int32]
  /// How generation is timed.
  public let benchmark: DecodingBenchmark

  /// A lab measuring on `validation` and timing with `benchmark`.
  public init(validation: [Int32], benchmark: DecodingBenchmark) {
    self.validation = validation
    self.benchmark = benchmark
  }

  /// One model to measure.
  public struct Candidate: Sendable {
    /// The float model whose validation loss is measured (the dequantized one for a
    /// quantized model: the same weights).
    public var model: GPTModel
    /// What generation runs.
    public var subject: DecodingBenchmark.Subject
    /// The file it is stored as.
    public var file: SafeTensorsFile
    /// Seconds of training behind it (0 when none was done).
    public var trainSeconds: Double

    /// A candidate.
    public init(
      model: GPTModel,
      subject: DecodingBenchmark.Subject,
      file: SafeTensorsFile,
      trainSeconds: Double
    ) {
      self.model = model
      self.subject = subject
      self.file = file
      self.trainSeconds = trainSeconds
    }
  }

  /// A measured language model (`--json`: `params`, `nonzero_params`, `size_bytes`,
  /// `val_loss`, `perplexity`, `train_seconds`, `tokens_per_second`, …).
  public struct Measured: Sendable, Codable, Equatable {
    /// Parameters (the tied head counted once).
    public var params: Int
    /// Parameters that are not zero.
    public var nonzeroParams: Int
    /// Bytes of the file written.
    public var sizeBytes: Int
    /// Mean validation cross-entropy, nats per character.
    public var valLoss: Double
    /// e^valLoss.
    public var perplexity: Double
    /// Seconds of training behind the model.
    public var trainSeconds: Double
    /// Median tokens per second of the timed rounds (KV cache, batch 1).
    public var tokensPerSecond: Double
    /// Lowest and highest tokens per second of the rounds.
    public var tokensPerSecondRange: [Double]
    /// Every round's tokens per second, in order.
    public var tokensPerSecondRuns: [Double]
  }

  /// Two models measured side by side.
  public struct Comparison: Sendable {
    /// The model before.
    public var before: Measured
    /// The model after.
    public var after: Measured
    /// After minus before, window by window (nats per character).
    public var lossChange: MeasuredDifference
    /// After minus before, round by round (tokens per second).
    public var speedChange: MeasuredDifference

    /// The verdict on the validation loss (lower is better).
    public var lossVerdict: Verdict { lossChange.verdict(higherIsBetter: false) }
    /// The verdict on generation speed (higher is better).
    public var speedVerdict: Verdict { speedChange.verdict(higherIsBetter: true) }
  }

  /// Several models measured together.
  public struct Measurement: Sendable {
    /// Each model's figures, in the order given.
    public var models: [Measured]
    /// Each model's loss on every validation window.
    public var windowLosses: [[Double]]
    /// Each model's tokens per second, round by round.
    public var speeds: [[Double]]

    /// Model `after` against model `before`, paired window by window and round by round.
    public func comparison(_ before: Int, _ after: Int) -> Comparison {
      Comparison(
        before: models[before],
        after: models[after],
        lossChange: MeasuredDifference(before: windowLosses[before], after: windowLosses[after]),
        speedChange: MeasuredDifference(before: speeds[before], after: speeds[after])
      )
    }
  }

  /// Measures `before` and `after`; files are written to a temporary folder, their sizes
  /// read from disk, and removed.
  public func compare(_ before: Candidate, _ after: Candidate) throws(EngineError) -> Comparison {
    try measure([before, after]).comparison(0, 1)
  }

  /// Measures every candidate: losses on the validation windows, file sizes on disk, and
  /// generation speed with the candidates timed in turn, round after round.
  public func measure(_ candidates: [Candidate]) throws(EngineError) -> Measurement {
    let losses = candidates.map { DecodingBenchmark.windowLosses($0.model, tokens: validation) }
    let sizes = try Self.writtenSizes(candidates.map(\.file))
    let speeds = benchmark.measure(candidates.map(\.subject))
    let models = candidates.indices.map { index -> Measured in
      let candidate = candidates[index]
      let windows = losses[index]
      let loss = windows.isEmpty ? .nan : windows.reduce(0, +) / Double(windows.count)
      let sorted = speeds[index].sorted()
      return Measured(
        params: candidate.model.parameterCount,
        nonzeroParams: candidate.model.nonzeroParameterCount,
        sizeBytes: sizes[index],
        valLoss: loss,
        perplexity: Foundation.exp(loss),
        trainSeconds: candidate.trainSeconds,
        tokensPerSecond: Self.median(sorted),
        tokensPerSecondRange: [sorted.first ?? 0, sorted.last ?? 0],
        tokensPerSecondRuns: speeds[index]
      )
    }
    return Measurement(models: models, windowLosses: losses, speeds: speeds)
  }

  /// Writes each file to a fresh temporary folder, returns the bytes on disk, removes them.
  public static func writtenSizes(_ files: [SafeTensorsFile]) throws(EngineError) -> [Int] {
    let folder =
      FileManager.default.temporaryDirectory.path
      + "/goldilocks-lm-\(UInt64.random(in: 0...UInt64.max))"
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw .fileError(path: folder, reason: error.localizedDescription)
    }
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var sizes: [Int] = []
    for (index, file) in files.enumerated() {
      let path = folder + "/model-\(index).safetensors"
      _ = try file.write(to: path)
      sizes.append(StoredForms.fileSize(path))
    }
    return sizes
  }

  /// The median of sorted values (0 for none).
  static func median(_ sorted: [Double]) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }

  /// The sparse file of a pruned model: each prunable matrix as a bitmask (`name.mask`, U8,
  /// one bit per weight) and its nonzero values (`name.values`, F32), every other tensor F32.
  public static func sparseFile(_ model: GPTModel, name: String) -> SafeTensorsFile {
    let prunable = Set(model.prunableMatrices.map(\.name))
    var tensors: [SafeTensor] = []
    for slot in model.parameters.slots {
      let values = model.parameters.values(of: slot)
      guard prunable.contains(slot.name) else {
        tensors.append(SafeTensor(name: slot.name, shape: slot.shape, float32: values))
        continue
      }
      let sparse = BitmaskSparseTensor(dense: values)
      tensors.append(
        SafeTensor(
          name: slot.name + ".mask",
          dtype: .u8,
          shape: [sparse.mask.count],
          data: sparse.mask
        )
      )
      tensors.append(
        SafeTensor(
          name: slot.name + ".values",
          shape: [sparse.values.count],
          float32: sparse.values
        )
      )
    }
    var file = LanguageModelLab.weightFile(model, name: name)
    file.metadata["format"] = "goldilocks-gpt-sparse"
    file.metadata["sparse"] =
      "each block matrix as name.mask (U8, one bit per weight, row-major, least significant bit first) and name.values (F32, the nonzero weights in order)"
    file.tensors = tensors
    return file
  }
}
