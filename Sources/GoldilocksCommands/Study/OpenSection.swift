import Curriculum
import Foundation
import ProgressStore
import Terminal

/// A section on the learner's screen, recorded as read when they leave it.
struct OpenSection {
  /// The longest time one opening of a section counts for, whatever its estimate.
  static let longestCountedSeconds: Double = 30 * 60

  /// The read to record, its `seconds` still 0.
  let read: SectionRead
  let openedAt: Date
  /// The most seconds this opening counts for.
  let cap: Double
  /// The progress file the read goes to.
  let databasePath: String

  /// The most one opening of `section` counts for: twice its share of the chapter's
  /// estimated minutes, and never more than 30 minutes.
  static func cap(for section: Section, in library: ContentLibrary) -> Double {
    guard let chapter = library.chapter(of: section), chapter.minutes > 0 else {
      return longestCountedSeconds
    }
    let share = Double(chapter.minutes) * 60 / Double(max(1, chapter.sections.count))
    return min(longestCountedSeconds, 2 * share)
  }

  /// The seconds counted when the section is left at `leftAt`: the real time, within
  /// 0…`cap` (a clock set back counts as 0).
  func seconds(leftAt: Date) -> Double {
    let elapsed = leftAt.timeIntervalSince(openedAt)
    guard elapsed.isFinite else { return 0 }
    return min(cap, max(0, elapsed))
  }

  /// Records the read with the time spent until `leftAt`.
  func record(in store: any ProgressStoring, leftAt: Date) throws(StoreError) {
    var read = read
    read.seconds = seconds(leftAt: leftAt)
    try store.recordRead(read)
  }
}

extension Session {
  /// Keeps `open` until the learner leaves it (the next REPL command).
  func keepOpen(_ open: OpenSection) {
    _ = exchangeOpenSection(open)
  }

  /// Records the section the learner has open as read, with the time since it was shown;
  /// the REPL calls it before each command and when it ends.
  func finishOpenSection() throws(StoreError) {
    guard let open = exchangeOpenSection(nil) else { return }
    let store = try store(at: open.databasePath)
    try open.record(in: store, leftAt: clock.now)
  }

  /// `finishOpenSection()`, reporting a failure as a warning instead of throwing: the
  /// command the learner typed next must run anyway.
  func finishOpenSectionWarning() {
    do {
      try finishOpenSection()
    } catch {
      output.errorLine("warning: the section you read was not recorded: \(error)")
    }
  }
}
