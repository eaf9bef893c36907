/// The shape of one example (no batch dimension), channels last, such as `28x28x1`.
public struct Shape: Hashable, Sendable, Codable, CustomStringConvertible {
  /// The sizes of each axis, outermost first.
  public var dimensions: [Int]

  /// Creates a shape from its axis sizes.
  public init(_ dimensions: [Int]) {
    self.dimensions = dimensions
  }

  /// Creates a shape from its axis sizes.
  public init(_ dimensions: Int...) {
    self.dimensions = dimensions
  }

  /// The number of axes.
  public var rank: Int { dimensions.count }

  /// The size of the last axis (features or channels); 1 for a scalar.
  public var last: Int { dimensions.last ?? 1 }

  /// The number of elements, with overflow reported instead of trapping.
  public func elementCount() throws(EngineError) -> Int64 {
    var count: Int64 = 1
    for dimension in dimensions {
      count = try Int64.checkedProduct(count, Int64(dimension), "the element count of \(self)")
    }
    return count
  }

  /// The shape with its last axis replaced by `size`.
  public func replacingLast(with size: Int) -> Shape {
    var copy = dimensions
    if copy.isEmpty { return Shape([size]) }
    copy[copy.count - 1] = size
    return Shape(copy)
  }

  /// `28x28x1`, the way the spec language and error messages write shapes.
  public var description: String {
    dimensions.map(String.init).joined(separator: "x")
  }

  public init(from decoder: any Decoder) throws {
    dimensions = try [Int](from: decoder)
  }

  public func encode(to encoder: any Encoder) throws {
    try dimensions.encode(to: encoder)
  }
}
