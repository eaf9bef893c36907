/// Batch normalization over the last axis (Keras `BatchNormalization`).
///
/// params = 4 × channels: gamma and beta trainable, moving mean and moving variance not
/// (PyTorch counts only 2 × channels, its running statistics being buffers). MACs = 0.
public struct BatchNormalization: LayerDescription, Equatable {
  /// Weight of the old moving statistics in each training update (Keras `momentum`).
  public var momentum: Float
  /// Added to the variance before the square root (Keras `epsilon`).
  public var epsilon: Float

  /// Creates a batch-normalization layer (Keras defaults: momentum 0.99, ε = 10⁻³).
  public init(momentum: Float = 0.99, epsilon: Float = 1e-3) {
    self.momentum = momentum
    self.epsilon = epsilon
  }

  public var kind: String { "batchnorm" }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    guard input.rank >= 1 else {
      throw .wrongInputRank(layer: kind, expected: "at least one axis", input: input)
    }
    guard momentum >= 0 && momentum < 1 else {
      throw .invalidArgument("batchnorm momentum must be in [0, 1), got \(momentum)")
    }
    guard epsilon > 0 else {
      throw .invalidArgument("batchnorm epsilon must be greater than 0, got \(epsilon)")
    }
    return input
  }

  public func weights(for input: Shape) -> [WeightDescription] {
    let channels = Shape(input.last)
    return [
      WeightDescription("gamma", channels, initializer: .ones),
      WeightDescription("beta", channels, initializer: .zeros),
      WeightDescription("moving_mean", channels, trainable: false, initializer: .zeros),
      WeightDescription("moving_variance", channels, trainable: false, initializer: .ones),
    ]
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 { 0 }

  public func formula(for input: Shape) -> String {
    let channels = Int64(input.last)
    return
      "4 × \(channels.grouped) = \((4 * channels).grouped) (γ, β trainable: \((2 * channels).grouped); moving mean, variance non-trainable: \((2 * channels).grouped))"
  }
}
