/// Why a mock exam could not be drawn, written for the learner.
public enum ExamDrawError: Error, CustomStringConvertible, Equatable, Sendable {
  /// One domain with fewer questions than its weight asks for.
  public struct Shortfall: Equatable, Sendable {
    public let domain: Int
    public let name: String
    public let needed: Int
    public let available: Int

    public init(domain: Int, name: String, needed: Int, available: Int) {
      self.domain = domain
      self.name = name
      self.needed = needed
      self.available = available
    }
  }

  /// Some domains cannot fill their quota; `largest` is the biggest exam that fits.
  case shortfall(exam: Exam, count: Int, missing: [Shortfall], largest: Int)

  public var description: String {
    switch self {
    case .shortfall(let exam, let count, let missing, let largest):
      let domains = missing.map {
        "Domain \($0.domain) (\($0.name)) needs \($0.needed) and has \($0.available)"
      }
      let advice =
        largest > 0
        ? "the largest \(exam.code) exam the questions can fill is \(largest) (--questions \(largest))"
        : "no \(exam.code) exam can be drawn from these questions yet"
      return
        "cannot draw a \(count)-question \(exam.code) exam at its domain weights without filling one domain from another: "
        + domains.joined(separator: "; ") + "; " + advice
    }
  }
}
