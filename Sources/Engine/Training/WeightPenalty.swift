/// L1/L2 weight penalties on kernels, as Keras' `kernel_regularizer=l1_l2(l1, l2)`.
///
/// `penalty = l1·Σ|w| + l2·Σw²` over every kernel (dense, conv2d and depthwise kernels; not
/// biases, batch-norm or embeddings), added to the reported loss; its gradient
/// `l1·sign(w) + 2·l2·w` is added to the kernels' gradients.
public struct WeightPenalty: Sendable, Equatable {
  public var l1: Float
  public var l2: Float

  /// Creates a penalty; zeros mean none.
  public init(l1: Float = 0, l2: Float = 0) {
    self.l1 = l1
    self.l2 = l2
  }

  /// No penalty.
  public static let none = WeightPenalty()

  /// Whether a weight role is penalised.
  public static func applies(to role: String) -> Bool {
    role == "kernel" || role == "depthwise_kernel"
  }

  /// The penalty's value over the network's kernels.
  public func value(of network: Network) -> Double {
    if l1 == 0 && l2 == 0 { return 0 }
    var total = 0.0
    for layer in network.layers {
      for (w, weight) in layer.weights.enumerated() where WeightPenalty.applies(to: layer.roles[w])
      {
        var absSum = 0.0
        var squareSum = 0.0
        for v in weight.scalars {
          absSum += Double(abs(v))
          squareSum += Double(v * v)
        }
        total += Double(l1) * absSum + Double(l2) * squareSum
      }
    }
    return total
  }

  /// Adds the penalty's gradient to the kernels' gradients.
  func addGradient(to network: inout Network) {
    if l1 == 0 && l2 == 0 { return }
    for index in network.layers.indices {
      for w in network.layers[index].weights.indices
      where WeightPenalty.applies(to: network.layers[index].roles[w]) {
        let weight = network.layers[index].weights[w].scalars
        network.layers[index].gradients[w].scalars.withUnsafeMutableBufferPointer { g in
          for i in 0..<g.count {
            let v = weight[i]
            g[i] += l1 * (v > 0 ? 1 : (v < 0 ? -1 : 0)) + 2 * l2 * v
          }
        }
      }
    }
  }
}
