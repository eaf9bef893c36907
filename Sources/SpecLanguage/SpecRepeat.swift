/// The `xN` suffix that repeats a term (`decoder(...)x32`) and the dots allowed in preset
/// names (`llama-3.1-8b`), read by `SpecTokenizer`.
enum SpecRepeat {
  /// The most repeats one term may have (a 100-block model is large; 10,000 is surely a typo).
  static let largestCount = 10_000

  /// Whether `characters[index]` is a `.` between two digits inside a name (`qwen2.5-0.5b`).
  static func isDotInName(_ characters: [Character], at index: Int) -> Bool {
    characters[index] == "." && index > 0 && index + 1 < characters.count
      && characters[index - 1].isNumber && characters[index + 1].isNumber
  }

  /// Reads `xN` right after a term's `)`, moving `index` past it; 1 when there is none.
  static func count(
    _ characters: [Character],
    at index: inout Int,
    term: Term
  ) throws(SpecError) -> Int {
    guard index < characters.count, characters[index] == "x" else { return 1 }
    var end = index + 1
    while end < characters.count && characters[end].isASCII && characters[end].isNumber {
      end += 1
    }
    let atBoundary =
      end == characters.count || characters[end].isWhitespace
      || (characters[end] == "-" && end + 1 < characters.count && characters[end + 1] == ">")
    guard end > index + 1, atBoundary else {
      var stop = index
      while stop < characters.count && !characters[stop].isWhitespace { stop += 1 }
      let written = String(characters[index..<stop])
      throw term.error(
        "`\(written)` after \(term.name)(…) is not a repeat; write xN with a whole number, e.g. \(term.name)(…)x32"
      )
    }
    let digits = String(characters[(index + 1)..<end])
    guard let value = Int(digits), value <= largestCount else {
      throw term.error("repeat x\(digits) is too many (at most x\(largestCount))")
    }
    guard value >= 1 else {
      throw term.error("repeat x\(digits) must be at least x1")
    }
    index = end
    return value
  }
}
