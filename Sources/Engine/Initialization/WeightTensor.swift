/// The values of one weight tensor, stored row-major in Keras' layout.
///
/// Storage is kept apart from the layer values (`LayerDescription`), so the same layer value
/// can be summarised without weights or run with them.
public struct WeightTensor: Sendable, Equatable {
  /// The full name, such as `3.conv2d.kernel`.
  public var name: String
  /// The tensor's shape.
  public var shape: Shape
  /// Whether training updates it.
  public var isTrainable: Bool
  /// The values, row-major (C order).
  public var values: [Float]

  /// Creates a tensor; `values.count` must equal the shape's element count.
  public init(name: String, shape: Shape, isTrainable: Bool = true, values: [Float]) {
    self.name = name
    self.shape = shape
    self.isTrainable = isTrainable
    self.values = values
  }
}
