/// Where one named weight tensor lives in a `ParameterStore`: a name, a shape and an offset.
///
/// Names follow nanoGPT's `state_dict()` (`transformer.h.0.attn.c_attn.weight`), so a file
/// written by the engine reads back in PyTorch under the same names.
public struct ParameterSlot: Sendable, Equatable, Hashable {
  /// The tensor's name.
  public let name: String
  /// The tensor's shape, row-major (PyTorch's layout: a linear weight is `[out, in]`).
  public let shape: [Int]
  /// Index of the tensor's first value in the store.
  public let offset: Int

  /// Creates a slot.
  public init(name: String, shape: [Int], offset: Int) {
    self.name = name
    self.shape = shape
    self.offset = offset
  }

  /// Number of values.
  public var count: Int { shape.reduce(1, *) }

  /// Whether AdamW decays this tensor: nanoGPT decays every tensor of two or more dimensions
  /// (matrices and embeddings) and no bias or norm gain.
  public var isDecayed: Bool { shape.count >= 2 }
}

/// Hands out consecutive slots while a model is laid out.
struct ParameterLayout {
  private(set) var slots: [ParameterSlot] = []
  private(set) var count = 0

  /// Reserves a tensor called `name` of `shape`.
  mutating func add(_ name: String, _ shape: [Int]) -> ParameterSlot {
    let slot = ParameterSlot(name: name, shape: shape, offset: count)
    slots.append(slot)
    count += slot.count
    return slot
  }
}
