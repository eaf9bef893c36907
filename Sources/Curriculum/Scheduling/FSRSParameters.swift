/// The 21 model weights of FSRS-6, `w[0]` … `w[20]`.
///
/// `w[0]…w[3]` are the initial stabilities for again/hard/good/easy, `w[4]…w[7]` shape
/// difficulty, `w[8]…w[16]` the stability after a recall or a lapse, `w[17]…w[19]` the
/// same-day (short-term) stability, and `w[20]` the decay of the forgetting curve.
/// Values outside py-fsrs's bounds are rejected, as py-fsrs rejects them.
public struct FSRSParameters: Hashable, Sendable {
  /// The weights, exactly 21 of them.
  public let weights: [Double]

  /// py-fsrs 6.x's `DEFAULT_PARAMETERS`: FSRS-6 defaults fitted on the benchmark data.
  public static let fsrs6Default = FSRSParameters(
    unchecked: [
      0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
      1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]
  )

  /// py-fsrs's `LOWER_BOUNDS_PARAMETERS`, index by index.
  public static let lowerBounds: [Double] = [
    0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001, 0.001, 0.001,
    0.001, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.1,
  ]

  /// py-fsrs's `UPPER_BOUNDS_PARAMETERS`, index by index.
  public static let upperBounds: [Double] = [
    100.0, 100.0, 100.0, 100.0, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5, 5.0, 0.25, 0.9, 4.0,
    1.0, 6.0, 2.0, 2.0, 0.8, 0.8,
  ]

  /// Validates and wraps 21 weights, for example ones fitted by the FSRS optimizer.
  public init(weights: [Double]) throws(ReviewSchedulerError) {
    guard weights.count == Self.lowerBounds.count else {
      throw .wrongParameterCount(weights.count)
    }
    for (index, value) in weights.enumerated() {
      let lower = Self.lowerBounds[index]
      let upper = Self.upperBounds[index]
      guard lower <= value && value <= upper else {
        throw .parameterOutOfBounds(index: index, value: value, lower: lower, upper: upper)
      }
    }
    self.weights = weights
  }

  private init(unchecked weights: [Double]) {
    self.weights = weights
  }

  /// The weight `w[index]`.
  public subscript(index: Int) -> Double { weights[index] }
}
