/// A language model's weights: one contiguous float buffer with a named slot per tensor.
///
/// One buffer makes the optimizer, gradient clipping and file writing single loops, and
/// keeps every tensor reachable by name (`values(of:)`, `slot(named:)`) for the tools that
/// transform weights (quantizers, pruners, distillers).
public struct ParameterStore: Sendable {
  /// The tensors, in the model's order.
  public let slots: [ParameterSlot]
  /// Every value, tensor after tensor.
  public var values: [Float]

  /// A store of zeros for `slots`.
  public init(slots: [ParameterSlot]) {
    self.slots = slots
    let count = slots.last.map { $0.offset + $0.count } ?? 0
    values = [Float](repeating: 0, count: count)
  }

  /// The number of parameters.
  public var count: Int { values.count }

  /// The slot called `name`.
  public func slot(named name: String) -> ParameterSlot? {
    slots.first { $0.name == name }
  }

  /// A copy of the values of `slot`.
  public func values(of slot: ParameterSlot) -> [Float] {
    Array(values[slot.offset..<(slot.offset + slot.count)])
  }

  /// Replaces the values of `slot`; `newValues` must have `slot.count` elements.
  public mutating func setValues(_ newValues: [Float], of slot: ParameterSlot) {
    precondition(newValues.count == slot.count, "\(slot.name) needs \(slot.count) values")
    values.replaceSubrange(slot.offset..<(slot.offset + slot.count), with: newValues)
  }
}
