/// A dense, contiguous `Float` tensor in row-major order (channels-last for images: NHWC).
///
/// The compute half of the engine passes tensors by value; storage is a Swift array, so a copy
/// is only made when a shared tensor is mutated. `count == shape.reduce(1, *)` always holds.
public struct Tensor: Sendable, Equatable {
  /// The extent of each axis, outermost first, such as `[batch, height, width, channels]`.
  public var shape: [Int]
  /// The values, row-major: the last axis varies fastest.
  public var scalars: [Float]

  /// Creates a tensor from its shape and values; `scalars.count` must equal the shape's product.
  @inlinable
  public init(shape: [Int], scalars: [Float]) {
    precondition(
      shape.reduce(1, *) == scalars.count,
      "Tensor: \(scalars.count) values do not fill shape \(shape)"
    )
    self.shape = shape
    self.scalars = scalars
  }

  /// Creates a tensor filled with one value.
  @inlinable
  public init(shape: [Int], repeating value: Float = 0) {
    self.shape = shape
    self.scalars = [Float](repeating: value, count: shape.reduce(1, *))
  }

  /// Creates a tensor whose values are written by `body` (the buffer starts uninitialised).
  @inlinable
  public init(
    shape: [Int],
    uninitialized body: (UnsafeMutableBufferPointer<Float>) -> Void
  ) {
    let count = shape.reduce(1, *)
    self.shape = shape
    self.scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      body(buffer)
      initialized = count
    }
  }

  /// The number of values.
  @inlinable public var count: Int { scalars.count }

  /// The number of axes.
  @inlinable public var rank: Int { shape.count }

  /// The extent of the first axis (the batch), or 1 for a scalar.
  @inlinable public var batchSize: Int { shape.first ?? 1 }

  /// The number of values per item of the first axis.
  @inlinable public var itemSize: Int { shape.dropFirst().reduce(1, *) }

  /// The element-wise sum with `other`, which must have the same number of values.
  public func adding(_ other: Tensor) -> Tensor {
    precondition(other.count == count, "adding tensors of \(count) and \(other.count) values")
    var result = self
    result.scalars.withUnsafeMutableBufferPointer { p in
      other.scalars.withUnsafeBufferPointer { q in
        for i in 0..<p.count { p[i] += q[i] }
      }
    }
    return result
  }

  /// Returns the same values viewed with another shape of equal size.
  @inlinable
  public func reshaped(to newShape: [Int]) -> Tensor {
    Tensor(shape: newShape, scalars: scalars)
  }

  /// Returns items `range` of the first axis as a new tensor.
  public func items(_ range: Range<Int>) -> Tensor {
    let size = itemSize
    var newShape = shape
    newShape[0] = range.count
    return Tensor(
      shape: newShape,
      scalars: Array(scalars[(range.lowerBound * size)..<(range.upperBound * size)])
    )
  }

  /// Returns the items at `indices` of the first axis, in that order, as a new tensor.
  public func gathering(items indices: some Collection<Int>) -> Tensor {
    let size = itemSize
    var newShape = shape
    newShape[0] = indices.count
    return scalars.withUnsafeBufferPointer { source in
      Tensor(shape: newShape) { destination in
        var offset = 0
        for index in indices {
          let from = source.baseAddress! + index * size
          (destination.baseAddress! + offset).update(from: from, count: size)
          offset += size
        }
      }
    }
  }
}
