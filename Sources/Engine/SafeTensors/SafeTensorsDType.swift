/// A safetensors element type, spelled as the format spells it (`F32`, `F16`, `I8`, …).
///
/// Cases are declared in increasing alignment, the order of the Rust library's `Dtype`,
/// which its writer uses (descending) to order tensors in the file.
public enum SafeTensorsDType: String, Sendable, CaseIterable, Comparable {
  /// Boolean, one byte.
  case bool = "BOOL"
  /// Unsigned 8-bit integer.
  case u8 = "U8"
  /// Signed 8-bit integer.
  case i8 = "I8"
  /// 8-bit float, E5M2.
  case f8e5m2 = "F8_E5M2"
  /// 8-bit float, E4M3.
  case f8e4m3 = "F8_E4M3"
  /// Signed 16-bit integer.
  case i16 = "I16"
  /// Unsigned 16-bit integer.
  case u16 = "U16"
  /// IEEE 754 half precision.
  case f16 = "F16"
  /// bfloat16.
  case bf16 = "BF16"
  /// Signed 32-bit integer.
  case i32 = "I32"
  /// Unsigned 32-bit integer.
  case u32 = "U32"
  /// IEEE 754 single precision.
  case f32 = "F32"
  /// IEEE 754 double precision.
  case f64 = "F64"
  /// Signed 64-bit integer.
  case i64 = "I64"
  /// Unsigned 64-bit integer.
  case u64 = "U64"

  /// Bytes per element.
  public var byteSize: Int {
    switch self {
    case .bool, .u8, .i8, .f8e5m2, .f8e4m3: return 1
    case .i16, .u16, .f16, .bf16: return 2
    case .i32, .u32, .f32: return 4
    case .f64, .i64, .u64: return 8
    }
  }

  private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }
}
