import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Engine

#if canImport(Glibc)
import Glibc
#endif

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

  /// CPU time the calling thread has used, in seconds.
  static func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }

  @Test("a caller waiting for a long helper part sleeps instead of spinning")
  func theCallersWaitIsBounded() {
    let pool = WorkerPool(threads: 2)
    let before = Self.threadCPUSeconds()
    let wall = DispatchTime.now().uptimeNanoseconds
    pool.run(parts: 2) { part in
      if part == 1 { usleep(300_000) }
    }
    let waited = Double(DispatchTime.now().uptimeNanoseconds - wall) * 1e-9
    let spent = Self.threadCPUSeconds() - before
    #expect(waited >= 0.29)
    // Spinning (or yielding in a loop) for the whole 0.3 s would cost most of it in CPU time.
    #expect(spent < 0.05, "the caller used \(spent) s of CPU while waiting \(waited) s")
  }
}
