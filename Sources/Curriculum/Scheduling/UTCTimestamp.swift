import Foundation

/// Reads and writes ISO 8601 UTC timestamps such as `2026-01-01T09:00:00Z`, without
/// `DateFormatter`, so parsing is strict, locale-free and safe to call from any thread.
enum UTCTimestamp {
  /// Parses `YYYY-MM-DDTHH:MM:SS`, an optional fraction of up to 9 digits, then `Z` or
  /// `+00:00`; returns nil for anything else, including impossible dates like February 30.
  static func parse(_ text: String) -> Date? {
    let chars = Array(text.utf8)
    guard chars.count >= 20 else { return nil }
    func number(_ start: Int, _ length: Int) -> Int? {
      var value = 0
      for index in start..<(start + length) {
        let char = chars[index]
        guard char >= UInt8(ascii: "0") && char <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(char - UInt8(ascii: "0"))
      }
      return value
    }
    let separators: [(Int, Character)] = [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":")]
    for (index, separator) in separators where chars[index] != separator.asciiValue {
      return nil
    }
    guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
      let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
    else { return nil }
    var index = 19
    var fraction = 0.0
    if chars[index] == UInt8(ascii: ".") {
      var scale = 0.1
      index += 1
      let digitsStart = index
      while index < chars.count, let digit = number(index, 1) {
        fraction += Double(digit) * scale
        scale /= 10
        index += 1
      }
      guard index > digitsStart && index - digitsStart <= 9 else { return nil }
    }
    let zone = String(decoding: chars[index...], as: UTF8.self)
    guard zone == "Z" || zone == "+00:00" else { return nil }
    guard (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day),
      hour < 24, minute < 60, second < 60
    else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second
    return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
  }

  /// Formats `date` as `yyyy-MM-dd'T'HH:mm:ss'Z'` in UTC, dropping any fraction of a second.
  static func format(_ date: Date) -> String {
    let total = Int(date.timeIntervalSince1970.rounded(.down))
    let days = Int((Double(total) / 86_400).rounded(.down))
    let secondsOfDay = total - days * 86_400
    let (year, month, day) = civilFromDays(days)
    func pad(_ value: Int, _ width: Int) -> String {
      let digits = String(value)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
      + "\(pad(secondsOfDay / 3_600, 2)):\(pad(secondsOfDay % 3_600 / 60, 2)):"
      + "\(pad(secondsOfDay % 60, 2))Z"
  }

  private static func isLeapYear(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  private static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 in the proleptic Gregorian calendar, by Howard Hinnant's algorithm.
  private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The inverse of ``daysFromCivil(year:month:day:)``.
  private static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
  }
}
