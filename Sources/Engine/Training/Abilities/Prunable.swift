/// A layer whose kernels magnitude pruning may zero (dense and convolution layers).
///
/// Its kernels are its trainable weights of rank 2 or more; `ModelPruner` prunes them
/// and counts the layer's multiply-accumulates with `multiplyAccumulates`.
public protocol Prunable: TrainableLayer {
  /// Multiply-accumulates of one example through the layer (weight products only).
  func multiplyAccumulates(inputShape: [Int], outputShape: [Int]) -> Int
}

/// A layer whose whole output neurons or filters structured pruning may remove: the
/// layer shrinks to `withOutputs(_:)` and the next such layer loses the matching inputs.
public protocol StructurallyPrunable: Prunable {
  /// The same layer with `count` outputs (units or filters).
  func withOutputs(_ count: Int) -> any TrainableLayer
  /// The axis of the kernel that reads the layer's input features (dense 0, conv2d 2).
  var kernelInputAxis: Int { get }
}

/// A layer that structured pruning may look through between a pruned layer and the one
/// reading its outputs: it keeps channels in place (dropout, activations, pooling), slices
/// per-channel weights with them (batch norm) or maps them to features (flatten).
public protocol ChannelPreserving: TrainableLayer {
  /// Whether every weight is one value per channel and is sliced with the kept channels.
  var hasChannelWeights: Bool { get }
  /// Where `kept` of `channels` channels end up in this layer's output, for an input of
  /// `inputShape`; `nil` when they stay where they are.
  func keptFeatures(_ kept: [Int], channels: Int, inputShape: [Int]) -> [Int]?
}

extension ChannelPreserving {
  public var hasChannelWeights: Bool { false }

  public func keptFeatures(_ kept: [Int], channels: Int, inputShape: [Int]) -> [Int]? { nil }
}
