import ArgumentParser
import Engine

/// The formats `calc serve --kv-precision` stores the KV cache in: the serving precisions
/// except int4, which no serving stack uses for the cache.
enum KVCachePrecision: String, CaseIterable, ExpressibleByArgument {
  case fp32, bf16, fp16, int8

  /// The serving precision of the same name.
  var servingPrecision: ServingPrecision {
    switch self {
    case .fp32: .fp32
    case .bf16: .bf16
    case .fp16: .fp16
    case .int8: .int8
    }
  }
}
