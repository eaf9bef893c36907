/// One weight tensor of a `Network` with its Keras-style name and shape, for saving and loading.
///
/// Names are `<layer>/<role>` with Keras' default layer names (`dense`, `dense_1`, `conv2d`, …)
/// and roles `kernel`, `bias`, `depthwise_kernel`, `gamma`, `beta`, `moving_mean`,
/// `moving_variance`, `embeddings`, `recurrent_kernel`, `query/kernel`, … Shapes are in Keras
/// order: dense `[in, out]`, conv2d `[kh, kw, cin, cout]`, depthwise `[kh, kw, cin, multiplier]`.
public struct NamedWeight: Sendable, Equatable {
  /// The name `<layer name>/<role>`, such as `dense_1/kernel`.
  public var name: String
  /// Index of the owning layer in the network.
  public var layerIndex: Int
  /// The role within the layer, such as `kernel`.
  public var role: String
  /// Keras-order shape.
  public var shape: [Int]
  /// Row-major values.
  public var values: [Float]
  /// Whether the optimizer updates it (false for batch-norm moving statistics).
  public var trainable: Bool

  public init(
    name: String,
    layerIndex: Int,
    role: String,
    shape: [Int],
    values: [Float],
    trainable: Bool
  ) {
    self.name = name
    self.layerIndex = layerIndex
    self.role = role
    self.shape = shape
    self.values = values
    self.trainable = trainable
  }
}
