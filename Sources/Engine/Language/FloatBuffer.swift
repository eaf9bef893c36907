/// A fixed-size float buffer for activations and gradients, allocated once and reused.
///
/// Training a language model runs thousands of steps over the same shapes; keeping every
/// activation in a buffer that lives as long as the workspace avoids reallocating and
/// re-zeroing megabytes per step.
///
/// `@unchecked Sendable` holds by ownership: a buffer belongs to one workspace, generation
/// state or kernel, which one thread uses at a time; a `WorkerPool` job that writes into it
/// gives each part disjoint rows, and the caller reads only after the job returns.
final class FloatBuffer: @unchecked Sendable {
  /// The first value.
  let pointer: UnsafeMutablePointer<Float>
  /// Number of values.
  let count: Int

  /// A buffer of `count` zeros.
  init(count: Int) {
    self.count = count
    pointer = .allocate(capacity: Swift.max(count, 1))
    pointer.initialize(repeating: 0, count: Swift.max(count, 1))
  }

  deinit {
    pointer.deallocate()
  }

  /// Sets the first `count` values (all by default) to zero.
  func zero(_ prefix: Int? = nil) {
    pointer.update(repeating: 0, count: prefix ?? count)
  }

  /// Bytes held.
  var bytes: Int { count * MemoryLayout<Float>.stride }
}
