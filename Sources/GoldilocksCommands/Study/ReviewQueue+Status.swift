import Foundation
import ProgressStore
import Terminal

extension ReviewQueue {
  /// `review --json`: how many cards there are, how many are due, when the next one is, and
  /// the new cards introduced today and still available.
  struct Status: Encodable {
    let cards: Int
    let due: Int
    let nextDue: Date?
    let newToday: Int
    let newAvailable: Int
  }

  /// The queue's status at the time it was built.
  var status: Status {
    Status(
      cards: cards.count,
      due: due.count,
      nextDue: cards.filter { $0.due > now }.map(\.due).min(),
      newToday: newToday,
      newAvailable: min(newLeft, unseen.count)
    )
  }

  /// What `review` says when nothing is to be reviewed now: the cards' status and what to do.
  func emptySentences(newPerDay: Int) -> [String] {
    var sentences = [ReviewSession.statusLine(cards: cards, now: now)]
    if cards.isEmpty {
      sentences.append("Answer questions with `quiz` or `study` first; each becomes a card.")
    } else if !unseen.isEmpty && newLeft == 0 {
      sentences.append(
        "Today's \(Plural.count(newPerDay, "new card")) are done; --new raises the limit."
      )
    }
    return sentences
  }
}
