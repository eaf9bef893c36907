import AVX512Kernels
import Foundation

/// A gradient-descent optimizer with Keras 3's update rules and defaults.
///
/// - SGD: `v ← μ·v − η·g`; `w ← w + v`, or with Nesterov `w ← w + μ·v − η·g`
///   (plain `w ← w − η·g` when μ = 0). Keras defaults η = 0.01, μ = 0.
/// - Adam: `m ← m + (g − m)(1 − β₁)`, `v ← v + (g² − v)(1 − β₂)`,
///   `η_t = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ)`, `w ← w − η_t·m/(√v + ε)`. Defaults η = 1e-3, β₁ = 0.9,
///   β₂ = 0.999, ε = 1e-7. State: two slots per trainable weight plus the step counter.
public struct Optimizer: Sendable {
  /// Which rule and its hyper-parameters.
  public enum Kind: Sendable, Equatable {
    case sgd(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false)
    case adam(
      learningRate: Float = 1e-3,
      beta1: Float = 0.9,
      beta2: Float = 0.999,
      epsilon: Float = 1e-7
    )
  }

  /// The rule in use.
  public let kind: Kind
  /// Updates applied so far (Keras' `iterations`).
  public private(set) var step = 0
  private var first: [[[Float]]] = []
  private var second: [[[Float]]] = []

  /// Creates an optimizer with empty state (slots are allocated on the first update).
  public init(_ kind: Kind) {
    self.kind = kind
  }

  /// Number of state values (Keras' "optimizer params" minus its two scalars).
  public var stateCount: Int {
    (first + second).reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
  }

  /// Applies one update to every trainable weight from its gradient.
  public mutating func update(_ network: inout Network) {
    if first.isEmpty {
      let needsFirst: Bool
      let needsSecond: Bool
      switch kind {
      case .sgd(_, let momentum, _):
        needsFirst = momentum != 0
        needsSecond = false
      case .adam:
        needsFirst = true
        needsSecond = true
      }
      first = network.layers.map { layer in
        layer.weights.map { needsFirst ? [Float](repeating: 0, count: $0.count) : [] }
      }
      second = network.layers.map { layer in
        layer.weights.map { needsSecond ? [Float](repeating: 0, count: $0.count) : [] }
      }
    }
    step += 1
    let kind = kind
    let step = step
    for l in network.layers.indices {
      for w in network.layers[l].weights.indices where network.layers[l].trainable[w] {
        let gradient = network.layers[l].gradients[w].scalars
        network.layers[l].weights[w].scalars.withUnsafeMutableBufferPointer { weight in
          first[l][w].withUnsafeMutableBufferPointer { m in
            second[l][w].withUnsafeMutableBufferPointer { v in
              gradient.withUnsafeBufferPointer { g in
                Optimizer.apply(kind: kind, step: step, weight: weight, gradient: g, m: m, v: v)
              }
            }
          }
        }
      }
    }
  }

  /// One update of one weight tensor; `kernel` picks the Adam loop (`.avx512`: 16 lanes in
  /// `AVX512Kernels`, when the processor runs it), with the same result either way.
  static func apply(
    kind: Kind,
    step: Int,
    weight: UnsafeMutableBufferPointer<Float>,
    gradient g: UnsafeBufferPointer<Float>,
    m: UnsafeMutableBufferPointer<Float>,
    v: UnsafeMutableBufferPointer<Float>,
    kernel: Gemm.Kernel = .best
  ) {
    // Eight lanes at a time, then the tail one by one; SIMD arithmetic is element-wise IEEE,
    // so every weight gets exactly the value the scalar rule gives.
    let count = weight.count
    guard count > 0 else { return }
    let vectorEnd = count - count % 8
    let pw = UnsafeMutableRawPointer(weight.baseAddress!)
    let pg = UnsafeRawPointer(g.baseAddress!)
    switch kind {
    case .sgd(let eta, let momentum, let nesterov):
      if momentum == 0 {
        var i = 0
        while i < vectorEnd {
          let offset = i * 4
          let w = pw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
          let gi = pg.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
          pw.storeBytes(of: w - eta * gi, toByteOffset: offset, as: SIMD8<Float>.self)
          i += 8
        }
        for i in vectorEnd..<count { weight[i] -= eta * g[i] }
      } else {
        for i in 0..<count {
          m[i] = momentum * m[i] - eta * g[i]
          weight[i] += nesterov ? momentum * m[i] - eta * g[i] : m[i]
        }
      }
    case .adam(let eta, let beta1, let beta2, let epsilon):
      let t = Double(step)
      let rate = Float(
        Double(eta) * (1 - pow(Double(beta2), t)).squareRoot() / (1 - pow(Double(beta1), t))
      )
      let oneMinusBeta1 = 1 - beta1
      let oneMinusBeta2 = 1 - beta2
      let pm = UnsafeMutableRawPointer(m.baseAddress!)
      let pv = UnsafeMutableRawPointer(v.baseAddress!)
      var i = 0
      if kernel == .avx512 && kernel.isAvailable {
        // 16 lanes at a time, the same operations per lane (see `AVX512Elementwise`).
        i = AVX512Elementwise.adamStep(
          count: count,
          weight: pw,
          gradient: pg,
          m: pm,
          v: pv,
          rate: rate,
          oneMinusBeta1: oneMinusBeta1,
          oneMinusBeta2: oneMinusBeta2,
          epsilon: epsilon
        )
      }
      while i < vectorEnd {
        let offset = i * 4
        let gi = pg.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
        var mi = pm.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
        var vi = pv.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
        let w = pw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
        mi += (gi - mi) * oneMinusBeta1
        vi += (gi * gi - vi) * oneMinusBeta2
        pm.storeBytes(of: mi, toByteOffset: offset, as: SIMD8<Float>.self)
        pv.storeBytes(of: vi, toByteOffset: offset, as: SIMD8<Float>.self)
        let step = rate * mi / (VectorMath.squareRoot(vi) + epsilon)
        pw.storeBytes(of: w - step, toByteOffset: offset, as: SIMD8<Float>.self)
        i += 8
      }
      for i in vectorEnd..<count {
        let gi = g[i]
        m[i] += (gi - m[i]) * oneMinusBeta1
        v[i] += (gi * gi - v[i]) * oneMinusBeta2
        weight[i] -= rate * m[i] / (v[i].squareRoot() + epsilon)
      }
    }
  }
}
