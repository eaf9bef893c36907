import Foundation
import Synchronization

/// Helper threads that stay awake for a moment between parallel kernels.
///
/// `DispatchQueue.concurrentPerform` parks its threads as soon as a call ends, and waking one
/// costs 10-50 µs, as long as a whole training-step matrix product. Like OpenMP's runtime
/// under PyTorch and OpenBLAS's own threads, these helpers spin for 0.2 ms after a job
/// (so the next layer's product starts at once) and then sleep on a condition variable.
/// One job runs at a time; a call that finds the pool busy (another thread's job, or a
/// job that calls back in) runs its parts itself, so the pool can never deadlock.
///
/// `@unchecked Sendable` holds because the only non-atomic state, `job` and `jobParts`, is
/// written by the one caller that won `busy` before it bumps `generation` and read by the
/// helpers only after they see that generation, and cleared only after every helper has
/// acknowledged the job.
final class WorkerPool: @unchecked Sendable {
  /// One pool per process, with a helper for every active processor but the caller's.
  static let shared = WorkerPool(threads: min(ProcessorCount.active, 16))

  /// Threads a job can use, the caller included.
  let threadCount: Int
  /// How long a helper spins after a job before it sleeps: long enough to span the optimizer
  /// step and batch gathering between two training-step products.
  private static let spinNanoseconds: UInt64 = 200_000

  private let generation = Atomic<Int>(0)
  private let remaining = Atomic<Int>(0)
  private let sleepers = Atomic<Int>(0)
  private let busy = Atomic<Bool>(false)
  private let wakeUp = NSCondition()
  /// Signalled by the helper that finishes a job's last acknowledgement, for a caller that
  /// stopped spinning and sleeps until the job is done.
  private let finished = NSCondition()
  /// How many times the caller polls the helpers before it sleeps on `finished`: about
  /// 10–50 µs, the time the helpers of a kernel usually need after the caller's own part.
  static let callerSpins = 4096
  // Written by the caller before `generation` is bumped (releasing) and read by helpers after
  // they see the new generation (acquiring).
  private var job: (@Sendable (Int) -> Void)?
  private var jobParts = 0

  init(threads: Int) {
    threadCount = max(1, threads)
    for index in 1..<threadCount {
      let thread = Thread { [self] in helperLoop(index: index) }
      thread.name = "goldilocks-kernel-\(index)"
      thread.start()
    }
  }

  /// Runs `body(0..<parts)` and returns when every part has finished.
  ///
  /// Part 0 runs on the calling thread and the others on helpers; parts beyond the helper
  /// count run on the caller.
  func run(parts: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let helpers = min(parts, threadCount) - 1
    guard helpers > 0,
      busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    else {
      for part in 0..<parts { body(part) }
      return
    }
    job = body
    jobParts = helpers + 1
    // Every helper acknowledges every job (those past `jobParts` without running anything),
    // so none can fall a job behind and mistake the next job for the one it missed.
    remaining.store(threadCount - 1, ordering: .sequentiallyConsistent)
    generation.add(1, ordering: .sequentiallyConsistent)
    if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
      wakeUp.lock()
      wakeUp.broadcast()
      wakeUp.unlock()
    }
    body(0)
    for part in (helpers + 1)..<parts { body(part) }
    waitForHelpers()
    job = nil
    busy.store(false, ordering: .releasing)
  }

  /// Spins a bounded number of times while the helpers finish their parts (they usually end
  /// within microseconds of the caller), then sleeps until the last one signals, so a long
  /// part (a forest's tree) or a descheduled helper never keeps the caller busy-waiting.
  private func waitForHelpers() {
    var spins = 0
    while remaining.load(ordering: .acquiring) > 0 {
      spins += 1
      guard spins >= Self.callerSpins else { continue }
      finished.lock()
      while remaining.load(ordering: .acquiring) > 0 { finished.wait() }
      finished.unlock()
    }
  }

  private func helperLoop(index: Int) {
    var seen = 0
    while true {
      var current = generation.load(ordering: .acquiring)
      let start = DispatchTime.now().uptimeNanoseconds
      var spins = 0
      while current == seen {
        spins += 1
        if spins & 255 == 0 && DispatchTime.now().uptimeNanoseconds - start > Self.spinNanoseconds {
          break
        }
        current = generation.load(ordering: .acquiring)
      }
      if current == seen {
        wakeUp.lock()
        sleepers.add(1, ordering: .sequentiallyConsistent)
        current = generation.load(ordering: .sequentiallyConsistent)
        while current == seen {
          wakeUp.wait()
          current = generation.load(ordering: .sequentiallyConsistent)
        }
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
        wakeUp.unlock()
      }
      seen = current
      if index < jobParts, let body = job { body(index) }
      if remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
        // Under the lock, so a caller that saw work left and is about to wait cannot miss it.
        finished.lock()
        finished.signal()
        finished.unlock()
      }
    }
  }
}
