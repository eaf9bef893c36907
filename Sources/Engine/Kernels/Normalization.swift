import Foundation

/// Batch and layer normalisation over the last axis, with backward passes.
///
/// Batch norm (training): `μ, σ² =` mean and biased variance of each feature over all rows;
/// `x̂ = (x − μ)/√(σ² + ε)`, `y = γ·x̂ + β`; moving statistics are updated as Keras does,
/// `moving = moving·momentum + batch·(1 − momentum)` (momentum 0.99, ε = 1e-3 by default).
/// Inference uses the moving statistics. Layer norm normalises each row over its features.
/// Reductions run in a fixed row order on one thread, so results are deterministic.
public enum Normalization {
  /// Batch-norm forward in training mode; writes `y`, the normalised `xHat`, `inverseStd`, and
  /// updates `movingMean`/`movingVariance`.
  public static func batchNormTrain(
    _ x: UnsafePointer<Float>,
    rows: Int,
    features f: Int,
    gamma: UnsafePointer<Float>,
    beta: UnsafePointer<Float>,
    movingMean: UnsafeMutablePointer<Float>,
    movingVariance: UnsafeMutablePointer<Float>,
    momentum: Float,
    epsilon: Float,
    output y: UnsafeMutablePointer<Float>,
    xHat: UnsafeMutablePointer<Float>,
    inverseStd: UnsafeMutablePointer<Float>
  ) {
    var mean = [Double](repeating: 0, count: f)
    var variance = [Double](repeating: 0, count: f)
    for r in 0..<rows {
      let row = x + r * f
      for j in 0..<f { mean[j] += Double(row[j]) }
    }
    for j in 0..<f { mean[j] /= Double(max(rows, 1)) }
    for r in 0..<rows {
      let row = x + r * f
      for j in 0..<f {
        let d = Double(row[j]) - mean[j]
        variance[j] += d * d
      }
    }
    for j in 0..<f {
      variance[j] /= Double(max(rows, 1))
      inverseStd[j] = Float(1 / (variance[j] + Double(epsilon)).squareRoot())
      movingMean[j] = movingMean[j] * momentum + Float(mean[j]) * (1 - momentum)
      movingVariance[j] = movingVariance[j] * momentum + Float(variance[j]) * (1 - momentum)
    }
    for r in 0..<rows {
      for j in 0..<f {
        let i = r * f + j
        let h = (x[i] - Float(mean[j])) * inverseStd[j]
        xHat[i] = h
        y[i] = gamma[j] * h + beta[j]
      }
    }
  }

  /// Batch-norm forward in inference mode: `y = γ·(x − moving_mean)/√(moving_var + ε) + β`.
  public static func batchNormInference(
    _ x: UnsafePointer<Float>,
    rows: Int,
    features f: Int,
    gamma: UnsafePointer<Float>,
    beta: UnsafePointer<Float>,
    movingMean: UnsafePointer<Float>,
    movingVariance: UnsafePointer<Float>,
    epsilon: Float,
    output y: UnsafeMutablePointer<Float>
  ) {
    for j in 0..<f {
      let scale = gamma[j] / (movingVariance[j] + epsilon).squareRoot()
      let shift = beta[j] - movingMean[j] * scale
      for r in 0..<rows { y[r * f + j] = x[r * f + j] * scale + shift }
    }
  }

  /// Batch-norm backward: `∂x = (γ·σ⁻¹/N)·(N·∂y − Σ∂y − x̂·Σ(∂y·x̂))`; adds ∂γ = Σ∂y·x̂, ∂β = Σ∂y.
  public static func batchNormBackward(
    gradOutput dy: UnsafePointer<Float>,
    xHat: UnsafePointer<Float>,
    inverseStd: UnsafePointer<Float>,
    gamma: UnsafePointer<Float>,
    rows: Int,
    features f: Int,
    gradInput dx: UnsafeMutablePointer<Float>,
    gradGamma: UnsafeMutablePointer<Float>,
    gradBeta: UnsafeMutablePointer<Float>
  ) {
    var sumDy = [Float](repeating: 0, count: f)
    var sumDyXHat = [Float](repeating: 0, count: f)
    for r in 0..<rows {
      for j in 0..<f {
        let i = r * f + j
        sumDy[j] += dy[i]
        sumDyXHat[j] += dy[i] * xHat[i]
      }
    }
    let n = Float(rows)
    for j in 0..<f {
      gradGamma[j] += sumDyXHat[j]
      gradBeta[j] += sumDy[j]
    }
    for r in 0..<rows {
      for j in 0..<f {
        let i = r * f + j
        dx[i] = gamma[j] * inverseStd[j] / n * (n * dy[i] - sumDy[j] - xHat[i] * sumDyXHat[j])
      }
    }
  }

  /// Layer-norm forward: each row `x̂ = (x − mean(row))/√(var(row) + ε)`, `y = γ·x̂ + β`.
  public static func layerNormForward(
    _ x: UnsafePointer<Float>,
    rows: Int,
    features f: Int,
    gamma: UnsafePointer<Float>,
    beta: UnsafePointer<Float>,
    epsilon: Float,
    output y: UnsafeMutablePointer<Float>,
    xHat: UnsafeMutablePointer<Float>,
    inverseStd: UnsafeMutablePointer<Float>
  ) {
    for r in 0..<rows {
      let row = x + r * f
      var mean: Float = 0
      for j in 0..<f { mean += row[j] }
      mean /= Float(f)
      var variance: Float = 0
      for j in 0..<f { variance += (row[j] - mean) * (row[j] - mean) }
      variance /= Float(f)
      let inv = 1 / (variance + epsilon).squareRoot()
      inverseStd[r] = inv
      for j in 0..<f {
        let h = (row[j] - mean) * inv
        xHat[r * f + j] = h
        y[r * f + j] = gamma[j] * h + beta[j]
      }
    }
  }

  /// Layer-norm backward: per row `∂x = (σ⁻¹/F)·(F·g − Σg − x̂·Σ(g·x̂))` with `g = γ·∂y`.
  public static func layerNormBackward(
    gradOutput dy: UnsafePointer<Float>,
    xHat: UnsafePointer<Float>,
    inverseStd: UnsafePointer<Float>,
    gamma: UnsafePointer<Float>,
    rows: Int,
    features f: Int,
    gradInput dx: UnsafeMutablePointer<Float>,
    gradGamma: UnsafeMutablePointer<Float>,
    gradBeta: UnsafeMutablePointer<Float>
  ) {
    let n = Float(f)
    for r in 0..<rows {
      var sumG: Float = 0
      var sumGX: Float = 0
      for j in 0..<f {
        let i = r * f + j
        gradGamma[j] += dy[i] * xHat[i]
        gradBeta[j] += dy[i]
        let g = dy[i] * gamma[j]
        sumG += g
        sumGX += g * xHat[i]
      }
      for j in 0..<f {
        let i = r * f + j
        let g = dy[i] * gamma[j]
        dx[i] = inverseStd[r] / n * (n * g - sumG - xHat[i] * sumGX)
      }
    }
  }
}
