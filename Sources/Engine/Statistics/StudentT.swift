/// Critical values of Student's t distribution, for 95 % confidence intervals.
public enum StudentT {
  /// The 0.975 quantile of t with 1…30 degrees of freedom (scipy.stats.t.ppf(0.975, df)).
  static let table: [Double] = [
    12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836,
    2.446911851, 2.364624252, 2.306004135, 2.262157163, 2.228138852,
    2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546,
    2.119905299, 2.109815578, 2.100922040, 2.093024054, 2.085963447,
    2.079613845, 2.073873068, 2.068657610, 2.063898562, 2.059538553,
    2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
  ]

  /// The two-sided 95 % critical value t(0.975, df): the half-width of a 95 % interval
  /// for a mean is this times the standard error.
  ///
  /// Exact (to 9 digits) for 1…30 degrees of freedom; above, the Cornish–Fisher expansion
  /// around the normal quantile, within 1e-6 of the exact value. `df` below 1 has no
  /// interval and returns infinity.
  public static func critical95(degreesOfFreedom df: Int) -> Double {
    guard df >= 1 else { return .infinity }
    if df <= table.count { return table[df - 1] }
    let z = 1.959963984540054
    let n = Double(df)
    let z3 = z * z * z
    let z5 = z3 * z * z
    let z7 = z5 * z * z
    let z9 = z7 * z * z
    return z + (z3 + z) / (4 * n)
      + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n)
      + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n)
      + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * n * n * n * n)
  }
}
