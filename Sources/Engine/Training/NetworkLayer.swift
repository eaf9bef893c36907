/// One layer of a `Network`: its config, shapes, weights, gradients and training caches.
///
/// Forward and backward passes are the layer's own (`config.layer`, a `TrainableLayer`). Weights are stored in Keras order (see
/// `NamedWeight`); `gradients[i]` has the shape of `weights[i]` and is overwritten by each
/// `backward` call (zero for non-trainable weights such as batch-norm moving statistics).
public struct NetworkLayer: Sendable {
  /// What the layer is.
  public let config: TrainableLayerConfig
  /// Keras-style unique name (`dense`, `dense_1`, …).
  public let name: String
  /// Shape of one example entering the layer (no batch axis).
  public let inputShape: [Int]
  /// Shape of one example leaving the layer (no batch axis).
  public let outputShape: [Int]
  /// Weight tensors in Keras order.
  public package(set) var weights: [Tensor]
  /// The role of each weight (`kernel`, `bias`, `gamma`, …).
  public let roles: [String]
  /// Whether each weight is trainable.
  public let trainable: [Bool]
  /// ∂loss/∂weight from the last backward pass.
  public internal(set) var gradients: [Tensor]
  /// Values kept by a training forward pass for the backward pass.
  var cache = Cache()

  struct Cache: Sendable {
    /// Values before the final activation, for activations whose derivative needs them (gelu, silu).
    var preActivation: [Float] = []
    var input = Tensor(shape: [0])
    var output = Tensor(shape: [0])
    var col: [Float] = []
    var xHat: [Float] = []
    var inverseStd: [Float] = []
    var argmax: [Int32] = []
    var mask: [Float] = []
  }

  /// Number of values in all weights (trainable and not).
  public var parameterCount: Int { weights.reduce(0) { $0 + $1.count } }

  /// Builds the layer for `inputShape`, initialising weights as Keras does.
  package init(
    config: TrainableLayerConfig,
    name: String,
    index: Int,
    inputShape: [Int],
    generator: inout SeededGenerator
  ) throws(NetworkError) {
    self.config = config
    self.name = name
    self.inputShape = inputShape
    var setup = LayerSetup(inputShape: inputShape, index: index, layerName: config.kerasName)
    self.outputShape = try config.layer.setUp(&setup, generator: &generator)
    self.weights = setup.weights
    self.roles = setup.roles
    self.trainable = setup.trainable
    self.gradients = setup.weights.map { Tensor(shape: $0.shape) }
  }
}
