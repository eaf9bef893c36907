/// Counted nouns in the singular or plural as the count needs: "1 answer", "3 answers".
enum Plural {
  /// `count` followed by `singular`, or by `plural` (default: `singular` + "s") unless
  /// the count is exactly one.
  static func count(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(count) " + (count == 1 ? singular : plural ?? singular + "s")
  }
}
