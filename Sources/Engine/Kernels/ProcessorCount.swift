import Foundation

/// The number of processors the kernels may use, read once per process.
///
/// On Linux `ProcessInfo.activeProcessorCount` reads the cgroup CPU quota files on every call
/// (tens of microseconds), which is too slow to ask before each matrix product.
enum ProcessorCount {
  /// Active processors reported by the system when first asked, at least 1.
  static let active = max(1, ProcessInfo.processInfo.activeProcessorCount)
}
