import Foundation

/// The F distribution's survival function, for the p-values of the ANOVA F test.
///
/// `P(F > f) = I_{d₂/(d₂ + d₁f)}(d₂/2, d₁/2)`, the regularized incomplete beta function,
/// which is what SciPy's `fdtrc` (used by scikit-learn's `f_classif`) evaluates. The beta
/// function uses Lentz's continued fraction, accurate to about 1e-15 relative, which keeps
/// even tiny p-values such as 1e-91 to many digits.
public enum FDistribution {
  /// `P(F > f)` for an F distribution with `d1` and `d2` degrees of freedom (NaN stays NaN).
  public static func survival(_ f: Double, d1: Double, d2: Double) -> Double {
    if f.isNaN || d1 <= 0 || d2 <= 0 { return .nan }
    if f <= 0 { return 1 }
    if f == .infinity { return 0 }
    return regularizedIncompleteBeta(a: d2 / 2, b: d1 / 2, x: d2 / (d2 + d1 * f))
  }

  /// The regularized incomplete beta function `I_x(a, b)`.
  public static func regularizedIncompleteBeta(a: Double, b: Double, x: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
    if x < (a + 1) / (a + b + 2) {
      return exp(logFront) * continuedFraction(a: a, b: b, x: x) / a
    }
    return 1 - exp(logFront) * continuedFraction(a: b, b: a, x: 1 - x) / b
  }

  /// The continued fraction of the incomplete beta function (modified Lentz).
  private static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
    let tiny = 1e-300
    var c = 1.0
    var d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...10_000 {
      let m = Double(m)
      let m2 = 2 * m
      var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-16 { break }
    }
    return h
  }
}
