import RealModule

extension WeightInitializer {
  /// Keras' fans: rank 2 (in, out); rank ≥ 3: receptive field × the last two axes.
  public static func fans(of shape: Shape) -> (fanIn: Int, fanOut: Int) {
    let dimensions = shape.dimensions
    switch dimensions.count {
    case 0:
      return (1, 1)
    case 1:
      return (dimensions[0], dimensions[0])
    case 2:
      return (dimensions[0], dimensions[1])
    default:
      let receptiveField = dimensions.dropLast(2).reduce(1, *)
      return (
        dimensions[dimensions.count - 2] * receptiveField,
        dimensions[dimensions.count - 1] * receptiveField
      )
    }
  }

  /// The Glorot-uniform limit sqrt(6 / (fanIn + fanOut)) for a tensor of `shape`.
  public static func glorotLimit(for shape: Shape) -> Float {
    let (fanIn, fanOut) = fans(of: shape)
    return Float((6.0 / Double(max(fanIn + fanOut, 1))).squareRoot())
  }

  /// Fills a tensor of `shape` (element count `count`) as Keras would, using `generator`.
  public func values(
    shape: Shape,
    count: Int,
    using generator: inout SeededGenerator
  ) -> [Float] {
    switch self {
    case .zeros:
      return [Float](repeating: 0, count: count)
    case .ones:
      return [Float](repeating: 1, count: count)
    case .uniform(let limit):
      return (0..<count).map { _ in generator.nextUniform(limit: limit) }
    case .glorotUniform:
      let limit = Self.glorotLimit(for: shape)
      return (0..<count).map { _ in generator.nextUniform(limit: limit) }
    case .lstmBias(let units):
      return (0..<count).map { index in index >= units && index < 2 * units ? 1 : 0 }
    case .orthogonal:
      return Self.orthogonal(shape: shape, using: &generator)
    }
  }

  /// Fills a tensor of `shape` as Keras would, using `generator` (the training layers' form).
  public func values(shape: [Int], using generator: inout SeededGenerator) -> [Float] {
    values(shape: Shape(shape), count: shape.reduce(1, *), using: &generator)
  }

  /// Keras' orthogonal initializer: QR of a normal matrix (here modified Gram–Schmidt,
  /// whose R has a positive diagonal, so no sign fix is needed), transposed when wide.
  static func orthogonal(shape: Shape, using generator: inout SeededGenerator) -> [Float] {
    let rows = shape.dimensions.dropLast().reduce(1, *)
    let columns = shape.last
    let tall = max(rows, columns)
    let narrow = min(rows, columns)
    // a: tall × narrow, stored column by column.
    var a = [[Double]](repeating: [], count: narrow)
    for column in 0..<narrow {
      a[column] = (0..<tall).map { _ in generator.nextNormal() }
    }
    for column in 0..<narrow {
      for previous in 0..<column {
        var dot = 0.0
        for index in 0..<tall { dot += a[previous][index] * a[column][index] }
        for index in 0..<tall { a[column][index] -= dot * a[previous][index] }
      }
      var norm = 0.0
      for value in a[column] { norm += value * value }
      norm = norm.squareRoot()
      if norm > 0 {
        for index in 0..<tall { a[column][index] /= norm }
      }
    }
    var result = [Float](repeating: 0, count: rows * columns)
    for row in 0..<rows {
      for column in 0..<columns {
        // q is tall × narrow; when rows < columns the result is qᵀ.
        let value = rows >= columns ? a[column][row] : a[row][column]
        result[row * columns + column] = Float(value)
      }
    }
    return result
  }
}
