/// One weight tensor of a layer, described by name and shape; no values are allocated.
public struct WeightDescription: Sendable, Equatable {
  /// Keras' name for the tensor within its layer (`kernel`, `bias`, `gamma`, `query.kernel`).
  public var name: String
  /// The tensor's shape in Keras' layout (a Dense kernel is inputs x units).
  public var shape: Shape
  /// Whether training updates it (batch-norm moving statistics are not trainable).
  public var isTrainable: Bool
  /// How Keras fills it before training.
  public var initializer: WeightInitializer

  /// Creates a weight description.
  public init(
    _ name: String,
    _ shape: Shape,
    trainable: Bool = true,
    initializer: WeightInitializer
  ) {
    self.name = name
    self.shape = shape
    self.isTrainable = trainable
    self.initializer = initializer
  }

  /// The number of values in the tensor.
  public func elementCount() throws(EngineError) -> Int64 {
    try shape.elementCount()
  }
}
