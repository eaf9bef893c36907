import Dispatch
import Synchronization
import Testing

@testable import Engine

@Suite("Worker pool")
struct WorkerPoolTests {
  /// Per-part run counts, safe to bump from any thread.
  final class Counts: Sendable {
    let values: Mutex<[Int]>
    init(_ count: Int) { values = Mutex([Int](repeating: 0, count: count)) }
    func bump(_ index: Int) { values.withLock { $0[index] += 1 } }
    var snapshot: [Int] { values.withLock { $0 } }
  }

  @Test("every part runs exactly once, for any number of parts", arguments: [1, 2, 3, 7, 40])
  func everyPartRunsOnce(parts: Int) {
    let pool = WorkerPool(threads: 3)
    for _ in 0..<200 {
      let counts = Counts(parts)
      pool.run(parts: parts) { counts.bump($0) }
      #expect(counts.snapshot == [Int](repeating: 1, count: parts))
    }
  }

  @Test("jobs from many threads at once, and jobs that start jobs, all finish")
  func concurrentAndNestedJobsFinish() {
    let pool = WorkerPool(threads: 2)
    let total = Counts(1)
    DispatchQueue.concurrentPerform(iterations: 8) { _ in
      for _ in 0..<100 {
        pool.run(parts: 2) { _ in
          pool.run(parts: 2) { _ in total.bump(0) }
        }
      }
    }
    #expect(total.snapshot == [8 * 100 * 2 * 2])
  }
}
