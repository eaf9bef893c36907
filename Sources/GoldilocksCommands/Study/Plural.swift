/// Counts with the right noun form: "1 answer", "2 answers".
enum Plural {
  /// `count` and `noun`, plural unless the count is one; `plural` for irregular nouns.
  static func count(_ count: Int, _ noun: String, plural: String? = nil) -> String {
    "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
  }
}
