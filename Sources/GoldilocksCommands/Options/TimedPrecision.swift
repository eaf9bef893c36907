import ArgumentParser
import Engine
import Lab

/// The precisions `calc time --precision` times: the float network, or the reduced
/// paths of the compression lab.
enum TimedPrecision: String, CaseIterable, ExpressibleByArgument, Encodable {
  case fp32, fp16, int8

  /// The quantization the reduced path uses; `nil` for the float network.
  var quantization: QuantizationTarget? {
    switch self {
    case .fp32: nil
    case .fp16: .fp16
    case .int8: .int8
    }
  }
}
