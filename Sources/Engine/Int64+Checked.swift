extension Int64 {
  /// `a × b`, throwing `EngineError.countOverflow` instead of trapping.
  static func checkedProduct(_ a: Int64, _ b: Int64, _ what: String) throws(EngineError) -> Int64 {
    let (value, overflow) = a.multipliedReportingOverflow(by: b)
    if overflow { throw .countOverflow(what) }
    return value
  }

  /// `a + b`, throwing `EngineError.countOverflow` instead of trapping.
  static func checkedSum(_ a: Int64, _ b: Int64, _ what: String) throws(EngineError) -> Int64 {
    let (value, overflow) = a.addingReportingOverflow(b)
    if overflow { throw .countOverflow(what) }
    return value
  }

  /// The product of several factors, overflow-checked.
  static func checkedProduct(_ factors: [Int], _ what: String) throws(EngineError) -> Int64 {
    var value: Int64 = 1
    for factor in factors {
      value = try checkedProduct(value, Int64(factor), what)
    }
    return value
  }

  /// The number with thousands separators: `1,234,567`.
  var grouped: String {
    let digits = String(self.magnitude)
    var result = ""
    for (index, character) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
      result.append(character)
    }
    return self < 0 ? "-" + result : result
  }
}

extension Int {
  /// The number with thousands separators: `1,234,567`.
  var grouped: String { Int64(self).grouped }
}
