/// One tensor of a safetensors file: name, element type, shape and raw little-endian bytes.
public struct SafeTensor: Sendable, Equatable {
  /// The tensor's key in the header, such as `3.conv2d.kernel`.
  public var name: String
  /// Element type.
  public var dtype: SafeTensorsDType
  /// Shape; `[]` is a scalar.
  public var shape: [Int]
  /// The raw bytes, little-endian, row-major.
  public var data: [UInt8]

  /// Creates a tensor from raw bytes.
  public init(name: String, dtype: SafeTensorsDType, shape: [Int], data: [UInt8]) {
    self.name = name
    self.dtype = dtype
    self.shape = shape
    self.data = data
  }

  /// A `F32` tensor.
  public init(name: String, shape: [Int], float32 values: [Float]) {
    var data = [UInt8]()
    data.reserveCapacity(values.count * 4)
    for value in values {
      let bits = value.bitPattern
      for shift in stride(from: 0, to: 32, by: 8) {
        data.append(UInt8(truncatingIfNeeded: bits >> shift))
      }
    }
    self.init(name: name, dtype: .f32, shape: shape, data: data)
  }

  /// A `F16` tensor; values are rounded to the nearest half (ties to even).
  public init(name: String, shape: [Int], float16 values: [Float]) {
    var data = [UInt8]()
    data.reserveCapacity(values.count * 2)
    for value in values {
      let bits = Float16(value).bitPattern
      data.append(UInt8(truncatingIfNeeded: bits))
      data.append(UInt8(truncatingIfNeeded: bits >> 8))
    }
    self.init(name: name, dtype: .f16, shape: shape, data: data)
  }

  /// An `I8` tensor.
  public init(name: String, shape: [Int], int8 values: [Int8]) {
    self.init(name: name, dtype: .i8, shape: shape, data: values.map { UInt8(bitPattern: $0) })
  }

  /// The values as `Float` (`F32`, `F16`, `I8` and `U8` tensors; others are refused).
  public func floatValues() throws(EngineError) -> [Float] {
    switch dtype {
    case .f32:
      return stride(from: 0, to: data.count - 3, by: 4).map { index in
        var bits: UInt32 = 0
        for byte in 0..<4 { bits |= UInt32(data[index + byte]) << (8 * byte) }
        return Float(bitPattern: bits)
      }
    case .f16:
      return stride(from: 0, to: data.count - 1, by: 2).map { index in
        Float(Float16(bitPattern: UInt16(data[index]) | UInt16(data[index + 1]) << 8))
      }
    case .i8:
      return data.map { Float(Int8(bitPattern: $0)) }
    case .u8:
      return data.map { Float($0) }
    default:
      throw .unsupported("reading \(dtype.rawValue) tensors as floats is not supported")
    }
  }
}
