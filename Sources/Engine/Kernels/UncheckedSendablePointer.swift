/// A raw pointer wrapper that may cross into worker threads (`WorkerPool`).
///
/// `@unchecked Sendable` is safe here because every kernel that uses it gives each worker a
/// disjoint range of the pointee to write (fixed partition by worker index) and only reads
/// shared inputs, and the caller keeps the storage alive until the parallel call returns.
@usableFromInline
struct UncheckedSendablePointer<Pointee>: @unchecked Sendable {
  @usableFromInline let pointer: UnsafeMutablePointer<Pointee>
  @inlinable init(_ pointer: UnsafeMutablePointer<Pointee>) { self.pointer = pointer }
  @inlinable init(_ pointer: UnsafePointer<Pointee>) {
    self.pointer = UnsafeMutablePointer(mutating: pointer)
  }
}
