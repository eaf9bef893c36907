import Foundation

/// The FSRS-6 formulas, each a line-for-line port of the py-fsrs method named beside it.
extension ReviewScheduler {
  /// `-w[20]`: the exponent of the power forgetting curve.
  var decay: Double { -parameters[20] }

  /// `0.9 ** (1 / DECAY) - 1`, so that R = 0.9 when t = S (py-fsrs writes the literal 0.9).
  var factor: Double { pow(0.9, 1 / decay) - 1 }

  /// `R(t, S) = (1 + FACTOR · t / S) ^ DECAY`.
  func forgettingCurve(elapsedDays: Double, stability: Double) -> Double {
    pow(1 + factor * elapsedDays / stability, decay)
  }

  /// `_initial_stability`: `w[G-1]`, at least the minimum stability.
  func initialStability(_ rating: Rating) -> Double {
    clampStability(parameters[rating.rawValue - 1])
  }

  /// `_initial_difficulty` without clamping: `w[4] - e^(w[5]·(G-1)) + 1`.
  func initialDifficulty(_ rating: Rating) -> Double {
    parameters[4] - pow(M_E, parameters[5] * Double(rating.rawValue - 1)) + 1
  }

  /// `_next_interval`: days until R falls to the desired retention, rounded half to even,
  /// between 1 and the maximum interval.
  ///
  /// Computed in py-fsrs's order, `(S / FACTOR) · (DR^(1/DECAY) - 1)`, not simplified to S
  /// when DR is 0.9: the two differ in the last bit, which can flip a `.5` rounding.
  public func nextInterval(stability: Double) -> Int {
    let days = (stability / factor) * (pow(desiredRetention, 1 / decay) - 1)
    let rounded = days.rounded(.toNearestOrEven)
    guard rounded.isFinite else { return maximumInterval }
    return min(max(Int(rounded), 1), maximumInterval)
  }

  /// `_short_term_stability`: stability after a review on the same day.
  func shortTermStability(_ stability: Double, rating: Rating) -> Double {
    var increase =
      pow(M_E, parameters[17] * (Double(rating.rawValue) - 3 + parameters[18]))
      * pow(stability, -parameters[19])
    if rating != .again {
      increase = max(increase, 1.0)
    }
    return clampStability(stability * increase)
  }

  /// `_next_difficulty`: linear damping toward 10, then mean reversion toward the
  /// (unclamped) initial difficulty of an easy first review.
  func nextDifficulty(_ difficulty: Double, rating: Rating) -> Double {
    let target = initialDifficulty(.easy)
    let delta = -(parameters[6] * Double(rating.rawValue - 3))
    let damped = difficulty + (10.0 - difficulty) * delta / 9.0
    return clampDifficulty(parameters[7] * target + (1 - parameters[7]) * damped)
  }

  /// `_next_stability`: stability after a review a day or more after the previous one.
  func nextStability(
    difficulty: Double,
    stability: Double,
    retrievability: Double,
    rating: Rating
  ) -> Double {
    if rating == .again {
      return clampStability(
        forgetStability(
          difficulty: difficulty,
          stability: stability,
          retrievability: retrievability
        )
      )
    }
    return clampStability(
      recallStability(
        difficulty: difficulty,
        stability: stability,
        retrievability: retrievability,
        rating: rating
      )
    )
  }

  /// `_next_forget_stability`: stability after a lapse.
  func forgetStability(difficulty: Double, stability: Double, retrievability: Double) -> Double {
    let longTerm =
      parameters[11]
      * pow(difficulty, -parameters[12])
      * (pow(stability + 1, parameters[13]) - 1)
      * pow(M_E, (1 - retrievability) * parameters[14])
    let shortTerm = stability / pow(M_E, parameters[17] * parameters[18])
    return min(longTerm, shortTerm)
  }

  /// `_next_recall_stability`: stability after a successful recall.
  func recallStability(
    difficulty: Double,
    stability: Double,
    retrievability: Double,
    rating: Rating
  ) -> Double {
    let hardPenalty = rating == .hard ? parameters[15] : 1
    let easyBonus = rating == .easy ? parameters[16] : 1
    return stability
      * (1
        + pow(M_E, parameters[8])
        * (11 - difficulty)
        * pow(stability, -parameters[9])
        * (pow(M_E, (1 - retrievability) * parameters[10]) - 1)
        * hardPenalty
        * easyBonus)
  }

  func clampStability(_ stability: Double) -> Double {
    max(stability, Self.minimumStability)
  }

  func clampDifficulty(_ difficulty: Double) -> Double {
    min(max(difficulty, Self.difficultyRange.lowerBound), Self.difficultyRange.upperBound)
  }
}
