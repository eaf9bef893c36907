/// The most memory the engine may allocate for weights and buffers (default 2 GiB).
///
/// Consulted before any allocation that grows with the model, so that asking for a huge
/// model fails with the size it would need instead of exhausting the machine.
public struct MemoryBudget: Sendable, Equatable {
  /// The budget in bytes.
  public var bytes: Int64

  /// Creates a budget of `bytes` bytes.
  public init(bytes: Int64) {
    self.bytes = bytes
  }

  /// 2 GiB.
  public static let standard = MemoryBudget(bytes: 2 << 30)

  /// Throws `EngineError.memoryBudgetExceeded` when `needed` is more than the budget.
  public func check(_ needed: Int64, for what: String) throws(EngineError) {
    if needed > bytes {
      throw .memoryBudgetExceeded(needed: needed, budget: bytes, what: what)
    }
  }
}
