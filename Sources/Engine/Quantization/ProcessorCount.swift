import Foundation

/// The number of processors the integer kernels may use.
enum ProcessorCount {
  /// Active processors reported by the system, at least 1.
  static var active: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
