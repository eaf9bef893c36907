import Foundation

/// Numbers as a learner reads them: thousands separators, binary byte units, shapes.
enum NumberFormat {
  /// `121930` → `121,930`.
  static func grouped(_ value: Int64) -> String {
    let digits = String(value.magnitude)
    var out = ""
    for (index, character) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(character)
    }
    return value < 0 ? "-" + out : out
  }

  static func grouped(_ value: Int) -> String { grouped(Int64(value)) }

  /// `407080` → `397.5 KiB`; exact below 1 KiB.
  static func bytes(_ value: Int64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
    var amount = Double(value)
    var unit = 0
    while amount >= 1024 && unit < units.count - 1 {
      amount /= 1024
      unit += 1
    }
    if unit == 0 { return "\(value) B" }
    return String(format: amount >= 100 ? "%.0f %@" : "%.1f %@", amount, units[unit])
  }

  /// `[26, 26, 32]` → `(26, 26, 32)`.
  static func shape(_ dimensions: [Int]) -> String {
    "(" + dimensions.map(String.init).joined(separator: ", ") + ")"
  }

  /// A large count in words: 174,604,259,328 → `174.6 billion`.
  static func words(_ value: Int64) -> String {
    let scales: [(Double, String)] = [
      (1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"),
    ]
    let number = Double(value)
    for (scale, name) in scales where number >= scale {
      return String(format: "%.1f %@", number / scale, name)
    }
    return String(value)
  }

  /// A number as a learner typed it: 86400 rather than 86400.0, -3 rather than -3.0, 0.001 as
  /// it is, 1e+15 rather than 1000000000000000.0.
  static func plain(_ value: Double) -> String {
    guard value.isFinite, value == value.rounded() else { return String(value) }
    return abs(value) < 1e15 ? String(Int64(value)) : String(format: "%g", value)
  }

  /// Milliseconds with three decimals below 1 ms, two above ("0.006 ms", "12.34 ms").
  static func milliseconds(_ value: Double) -> String {
    value < 1 ? String(format: "%.3f ms", value) : String(format: "%.2f ms", value)
  }
}
