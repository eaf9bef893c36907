import Foundation

/// A training loss, as Keras computes it (mean over the batch).
///
/// - `sparseCategoricalCrossEntropy`: `L = −(1/N) Σ log p[yᵢ]`, `p` clipped to `[ε, 1 − ε]`,
///   ε = 1e-7. After softmax the gradient with respect to the logits is `(p − onehot(y))/N` (fused).
/// - `binaryCrossEntropy`: `L = −(1/N) Σ y log p + (1 − y) log(1 − p)`; after sigmoid the
///   gradient with respect to the logits is `(p − y)/N` (fused).
/// - `meanSquaredError`: `L = (1/(N·D)) Σ (p − y)²`, gradient `2(p − y)/(N·D)`.
public enum LossFunction: String, Sendable, Equatable, CaseIterable {
  case sparseCategoricalCrossEntropy = "sparse_categorical_crossentropy"
  case binaryCrossEntropy = "binary_crossentropy"
  case meanSquaredError = "mean_squared_error"

  /// Keras' `epsilon()` used for clipping probabilities.
  public static let epsilon: Float = 1e-7

  /// The loss and its gradient; `fused` says the gradient is for the last layer's logits.
  public struct Evaluation: Sendable {
    public var loss: Double
    public var gradient: Tensor
    public var fused: Bool
    /// Number of correct predictions (classification) or nil (regression).
    public var correct: Int?

    /// An evaluation with its parts (the lab's distillation loss builds its own).
    package init(loss: Double, gradient: Tensor, fused: Bool, correct: Int?) {
      self.loss = loss
      self.gradient = gradient
      self.fused = fused
      self.correct = correct
    }
  }

  /// Checks the loss suits an output shape (one example, no batch axis).
  public func check(outputShape: [Int], lastActivation: ActivationFunction) throws(NetworkError) {
    switch self {
    case .sparseCategoricalCrossEntropy:
      guard outputShape.count == 1, outputShape[0] >= 2 else {
        throw .lossDoesNotFit(
          loss: rawValue,
          outputShape: outputShape,
          reason: "it needs one probability per class; end with dense(classes, softmax)"
        )
      }
    case .binaryCrossEntropy:
      guard outputShape == [1] else {
        throw .lossDoesNotFit(
          loss: rawValue,
          outputShape: outputShape,
          reason: "it needs one probability; end with dense(1, sigmoid)"
        )
      }
    case .meanSquaredError:
      break
    }
  }

  /// Computes loss, gradient and correct count for a batch of outputs and targets
  /// (class indices for the cross-entropies, values for MSE).
  public func evaluate(
    output: Tensor,
    targets: ArraySlice<Float>,
    lastActivation: ActivationFunction,
    wantGradient: Bool = true
  ) -> Evaluation {
    let n = output.shape[0]
    let width = output.count / max(n, 1)
    let eps = LossFunction.epsilon
    var loss = 0.0
    var correct = 0
    var gradient = wantGradient ? Tensor(shape: output.shape) : Tensor(shape: [0])
    var fused = false
    let base = targets.startIndex
    output.scalars.withUnsafeBufferPointer { p in
      gradient.scalars.withUnsafeMutableBufferPointer { g in
        switch self {
        case .sparseCategoricalCrossEntropy:
          fused = lastActivation == .softmax
          for i in 0..<n {
            let row = p.baseAddress! + i * width
            let label = Int(targets[base + i])
            var best = 0
            for j in 1..<width where row[j] > row[best] { best = j }
            if best == label { correct += 1 }
            let probability = min(max(row[label], eps), 1 - eps)
            loss -= Double(log(probability))
            guard wantGradient else { continue }
            for j in 0..<width {
              if fused {
                g[i * width + j] = (row[j] - (j == label ? 1 : 0)) / Float(n)
              } else if j == label {
                g[i * width + j] = -1 / (probability * Float(n))
              }
            }
          }
        case .binaryCrossEntropy:
          fused = lastActivation == .sigmoid
          for i in 0..<n {
            let y = targets[base + i]
            let probability = min(max(p[i], eps), 1 - eps)
            if (probability >= 0.5 ? 1 : 0) == y { correct += 1 }
            loss -= Double(y * log(probability) + (1 - y) * log(1 - probability))
            guard wantGradient else { continue }
            g[i] =
              fused
              ? (p[i] - y) / Float(n)
              : (probability - y) / (probability * (1 - probability) * Float(n))
          }
        case .meanSquaredError:
          let scale = 2 / Float(max(n * width, 1))
          for i in 0..<(n * width) {
            let d = p[i] - targets[base + i]
            loss += Double(d * d)
            if wantGradient { g[i] = scale * d }
          }
        }
      }
    }
    loss /= Double(max(n, 1))
    if self == .meanSquaredError { loss /= Double(max(width, 1)) }
    return Evaluation(
      loss: loss,
      gradient: gradient,
      fused: fused,
      correct: self == .meanSquaredError ? nil : correct
    )
  }
}
