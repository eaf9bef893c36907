/// A one-line progress bar redrawn in place on a terminal (`\r`), or nothing otherwise.
public struct ProgressBar: Sendable {
  public let width: Int
  public let color: ColorMode

  public init(width: Int, color: ColorMode) {
    self.width = width
    self.color = color
  }

  /// The bar for `fraction` (0…1) with a label before it and details after it.
  ///
  /// The line never reaches the last column: a line the terminal has to wrap cannot be
  /// redrawn in place with `\r`. When the label and details do not fit beside a bar, the
  /// details are shortened (at a word), then the bar; the label stays.
  public func render(label: String, fraction: Double, details: String) -> String {
    let clamped = max(0, min(1, fraction))
    let percent = String(Int((clamped * 100).rounded(.down)))
    let room = max(1, width - 1)
    let fixed = TextWrapper.visibleLength(label) + 2 + percent.count + 2
    var details = details
    while !details.isEmpty, fixed + 10 + TextWrapper.visibleLength(details) > room {
      if let space = details.lastIndex(of: " ") {
        details = String(details[..<space])
      } else {
        details = ""
      }
    }
    let barWidth = max(0, min(30, room - fixed - TextWrapper.visibleLength(details)))
    let filled = Int((clamped * Double(barWidth)).rounded(.down))
    let bar =
      String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
    let drawn = barWidth > 0 ? " " + color.apply(.cyan, to: bar) : ""
    return "\r\(label)\(drawn) \(percent)% \(details)\u{1B}[K"
  }

  /// Seconds as `12s`, `3m05s` or `1h02m`.
  public static func duration(_ seconds: Double) -> String {
    let total = max(0, Int(seconds.rounded()))
    if total < 60 { return "\(total)s" }
    if total < 3600 { return "\(total / 60)m" + (total % 60 < 10 ? "0" : "") + "\(total % 60)s" }
    let minutes = (total % 3600) / 60
    return "\(total / 3600)h" + (minutes < 10 ? "0" : "") + "\(minutes)m"
  }
}
