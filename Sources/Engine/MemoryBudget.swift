import Foundation

/// The most memory the engine may allocate for one model's weights and buffers.
///
/// Consulted before any allocation that grows with the model, so that asking for a huge
/// model fails with the size it would need instead of exhausting the machine.
/// `physical()` derives the budget from the machine's memory; `standard` (2 GiB) is a fixed
/// budget for callers and tests that need one independent of the machine.
public struct MemoryBudget: Sendable, Equatable {
  /// The budget in bytes.
  public var bytes: Int64

  /// Creates a budget of `bytes` bytes.
  public init(bytes: Int64) {
    self.bytes = bytes
  }

  /// 2 GiB.
  public static let standard = MemoryBudget(bytes: 2 << 30)

  /// The share of physical memory a budget derived from the machine allows: a quarter.
  public static let physicalShare: Int64 = 4

  /// A quarter of the machine's physical memory, and at most three quarters of what the
  /// kernel reports as available right now (`MemAvailable` in /proc/meminfo, when there
  /// is one), so that one command never takes the memory other programs are using.
  public static func physical(meminfo: String? = Self.readMeminfo()) -> MemoryBudget {
    let total = Int64(clamping: ProcessInfo.processInfo.physicalMemory)
    var budget = total / physicalShare
    if let meminfo, let available = Self.kilobytes(of: "MemAvailable", in: meminfo) {
      budget = min(budget, available / 4 * 3)
    }
    return MemoryBudget(bytes: max(budget, 64 << 20))
  }

  /// Throws `EngineError.memoryBudgetExceeded` when `needed` is more than the budget;
  /// `batch` is the batch size the work runs at, if it has one.
  public func check(_ needed: Int64, for what: String, batch: Int? = nil) throws(EngineError) {
    if needed > bytes {
      throw .memoryBudgetExceeded(needed: needed, budget: bytes, what: what, batch: batch)
    }
  }

  /// Throws `EngineError.memoryBudgetExceeded` when the estimate's total is over budget.
  public func check(
    _ estimate: MemoryEstimate,
    for what: String,
    batch: Int? = nil
  ) throws(EngineError) {
    try check(estimate.total, for: what, batch: batch)
  }

  /// The text of /proc/meminfo, or `nil` where there is none.
  public static func readMeminfo() -> String? {
    try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)
  }

  /// The bytes of a `Name:   123 kB` line of /proc/meminfo.
  static func kilobytes(of name: String, in meminfo: String) -> Int64? {
    for line in meminfo.split(separator: "\n") where line.hasPrefix(name + ":") {
      let fields = line.split(separator: " ")
      guard fields.count >= 2, let value = Int64(fields[1]) else { return nil }
      return value.multipliedReportingOverflow(by: 1024).overflow ? nil : value * 1024
    }
    return nil
  }
}
