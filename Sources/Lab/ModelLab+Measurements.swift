import Engine
import Foundation

extension ModelLab {
  /// Precision, recall, F1 and the confusion matrix of a classifier on the held-out split.
  ///
  /// For two classes also PR-AUC and the positive class's figures at `threshold`.
  /// Nil for regression.
  ///
  /// Scores are probabilities: the output itself after a sigmoid or softmax, a softmax of
  /// the outputs for a network that ends in logits.
  public func classificationMetrics(
    _ network: Network,
    on dataset: Dataset,
    threshold: Double = 0.5
  ) throws -> ClassificationMetrics? {
    try classificationMetrics(
      of: network,
      predict: { try network.predict($0) },
      on: dataset,
      threshold: threshold
    )
  }

  /// The same figures for a quantized model, run on its quantized inference path.
  public func classificationMetrics(
    _ quantized: QuantizedModel,
    on dataset: Dataset,
    threshold: Double = 0.5
  ) throws -> ClassificationMetrics? {
    try classificationMetrics(
      of: quantized.source,
      predict: { try quantized.predict($0) },
      on: dataset,
      threshold: threshold
    )
  }

  /// `network` gives the shapes and the final activation; `predict` the outputs.
  func classificationMetrics(
    of network: Network,
    predict: (Tensor) throws -> Tensor,
    on dataset: Dataset,
    threshold: Double
  ) throws -> ClassificationMetrics? {
    let dataset = dataset.fitted(to: network.inputShape)
    guard dataset.task == .classification else { return nil }
    let examples = dataset.test
    let width = network.outputShape.reduce(1, *)
    let final = network.layers.last?.config.finalActivation ?? .linear
    var labels: [Int] = []
    var predictions: [Int] = []
    var scores: [Double] = []
    labels.reserveCapacity(examples.count)
    var start = 0
    while start < examples.count {
      let end = min(examples.count, start + 256)
      let output: Tensor
      do {
        output = try predict(examples.features.items(start..<end))
      } catch {
        throw EngineError.unsupported("\(error)")
      }
      for row in 0..<(end - start) {
        labels.append(Int(examples.targets[start + row]))
        let values = output.scalars[(row * width)..<((row + 1) * width)].map(Double.init)
        if width == 1 {
          let p = final == .sigmoid ? values[0] : 1 / (1 + exp(-values[0]))
          scores.append(p)
          predictions.append(p >= threshold ? 1 : 0)
        } else {
          let probabilities = final == .softmax ? values : Self.softmax(values)
          var best = 0
          for j in 1..<width where probabilities[j] > probabilities[best] { best = j }
          predictions.append(best)
          if width == 2 { scores.append(probabilities[1]) }
        }
      }
      start = end
    }
    if width <= 2 && dataset.classes == 2 {
      return ClassificationMetrics(labels: labels, scores: scores, threshold: threshold)
    }
    return ClassificationMetrics(
      labels: labels,
      predictions: predictions,
      classes: max(dataset.classes, width)
    )
  }

  /// Times two networks in interleaved rounds (A B, then B A, alternately) so that drift
  /// in the machine's speed hits both; returns per-round milliseconds as pairs.
  public func pairedLatency(
    _ first: Network,
    _ second: Network,
    dataset: Dataset?,
    batch: Int = 1,
    rounds: Int = 200
  ) throws -> MeasuredDifference {
    let inputA = try Self.sampleBatch(for: first, dataset: dataset, batch: batch)
    let inputB = try Self.sampleBatch(for: second, dataset: dataset, batch: batch)
    return try pairedLatency(
      { _ = try first.predict(inputA) },
      { _ = try second.predict(inputB) },
      rounds: rounds
    )
  }

  /// Interleaved paired timing of a float network against its quantized form, on the same
  /// batch of test examples.
  public func pairedLatency(
    _ network: Network,
    _ quantized: QuantizedModel,
    dataset: Dataset?,
    batch: Int = 1,
    rounds: Int = 200
  ) throws -> MeasuredDifference {
    let input = try Self.sampleBatch(for: network, dataset: dataset, batch: batch)
    return try pairedLatency(
      { _ = try network.predict(input) },
      { _ = try quantized.predict(input) },
      rounds: rounds
    )
  }

  /// Interleaved paired timing of any two runnable models: each `predict` runs on a batch
  /// of `batch` test examples shaped for its `network` (which gives only the input shape).
  public func pairedLatency(
    _ first: (network: Network, predict: (Tensor) throws -> Tensor, dataset: Dataset?),
    _ second: (network: Network, predict: (Tensor) throws -> Tensor, dataset: Dataset?),
    batch: Int = 1,
    rounds: Int = 200
  ) throws -> MeasuredDifference {
    let inputA = try Self.sampleBatch(for: first.network, dataset: first.dataset, batch: batch)
    let inputB = try Self.sampleBatch(for: second.network, dataset: second.dataset, batch: batch)
    return try pairedLatency(
      { _ = try first.predict(inputA) },
      { _ = try second.predict(inputB) },
      rounds: rounds
    )
  }

  func pairedLatency(
    _ first: () throws -> Void,
    _ second: () throws -> Void,
    rounds: Int
  ) throws -> MeasuredDifference {
    var failure: (any Error)?
    let times = InterleavedTiming(warmUp: max(5, rounds / 10), rounds: rounds).measure(
      {
        do { try first() } catch { failure = error }
      },
      {
        do { try second() } catch { failure = error }
      }
    )
    if let failure { throw EngineError.unsupported("\(failure)") }
    return MeasuredDifference(
      before: times.first.map { LatencyReport.seconds($0) * 1000 },
      after: times.second.map { LatencyReport.seconds($0) * 1000 }
    )
  }

  static func softmax(_ values: [Double]) -> [Double] {
    let top = values.max() ?? 0
    let exps = values.map { exp($0 - top) }
    let total = exps.reduce(0, +)
    return exps.map { $0 / total }
  }
}
