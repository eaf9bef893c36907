/// The number format of served weights or of the KV cache.
public enum ServingPrecision: String, Sendable, CaseIterable, Codable {
  case fp32, bf16, fp16, int8, int4

  /// Bits per value.
  public var bits: Int {
    switch self {
    case .fp32: return 32
    case .bf16, .fp16: return 16
    case .int8: return 8
    case .int4: return 4
    }
  }

  /// Whether weights in this format are integers with group-wise scales (weight-only).
  public var isInteger: Bool { self == .int8 || self == .int4 }
}
