/// Finds the known name closest to a misspelt one (Levenshtein distance).
public enum NameSuggester {
  /// The nearest candidate, if it is close enough to be a likely typo.
  public static func nearest(to word: String, in candidates: [String]) -> String? {
    let lowered = word.lowercased()
    var best: (name: String, distance: Int)?
    for candidate in candidates {
      let distance = editDistance(lowered, candidate)
      if best == nil || distance < best!.distance {
        best = (candidate, distance)
      }
    }
    guard let best else { return nil }
    let allowed = max(2, min(lowered.count, best.name.count) / 3)
    if best.distance <= allowed || best.name.hasPrefix(lowered) || lowered.hasPrefix(best.name) {
      return best.name
    }
    return nil
  }

  /// The number of single-character insertions, deletions and substitutions from a to b.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let left = Array(a)
    let right = Array(b)
    if left.isEmpty { return right.count }
    if right.isEmpty { return left.count }
    var previous = Array(0...right.count)
    var current = [Int](repeating: 0, count: right.count + 1)
    for i in 1...left.count {
      current[0] = i
      for j in 1...right.count {
        let cost = left[i - 1] == right[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      swap(&previous, &current)
    }
    return previous[right.count]
  }
}
