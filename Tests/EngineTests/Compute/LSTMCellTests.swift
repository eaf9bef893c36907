import Foundation
import Testing

@testable import Engine

/// The one LSTM cell (`LSTMCell`) that a network's `lstm` layer and the language model's
/// `LSTMLayer` both run, checked against Keras' equations in double precision.
@Suite struct LSTMCellTests {
  /// Keras' LSTM forward (gates i, f, c, o; kernel `[in, 4u]`, recurrent `[u, 4u]`) in Double.
  static func reference(
    input: [Float],
    batch: Int,
    time: Int,
    features: Int,
    units u: Int,
    kernel: [Float],
    recurrent: [Float],
    bias: [Float]
  ) -> [Double] {
    func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
    var out = [Double](repeating: 0, count: batch * time * u)
    for n in 0..<batch {
      var h = [Double](repeating: 0, count: u)
      var c = [Double](repeating: 0, count: u)
      for t in 0..<time {
        var z = (0..<(4 * u)).map { Double(bias[$0]) }
        for k in 0..<features {
          let x = Double(input[(n * time + t) * features + k])
          for j in 0..<(4 * u) { z[j] += x * Double(kernel[k * 4 * u + j]) }
        }
        for k in 0..<u {
          for j in 0..<(4 * u) { z[j] += h[k] * Double(recurrent[k * 4 * u + j]) }
        }
        for j in 0..<u {
          let i = sigmoid(z[j])
          let f = sigmoid(z[u + j])
          let g = Foundation.tanh(z[2 * u + j])
          let o = sigmoid(z[3 * u + j])
          c[j] = f * c[j] + i * g
          h[j] = o * Foundation.tanh(c[j])
          out[(n * time + t) * u + j] = h[j]
        }
      }
    }
    return out
  }

  /// Widths that fill eight lanes, leave a remainder, and are smaller than one vector.
  @Test(arguments: [3, 8, 13])
  func aNetworkLSTMFollowsKerasEquations(units: Int) {
    let (batch, time, features) = (2, 6, 5)
    var generator = SeededGenerator(seed: UInt64(units))
    func values(_ count: Int, scale: Double) -> [Float] {
      (0..<count).map { _ in Float((generator.nextUnit() * 2 - 1) * scale) }
    }
    let input = values(batch * time * features, scale: 2)
    let kernel = values(features * 4 * units, scale: 0.8)
    let recurrent = values(units * 4 * units, scale: 0.8)
    let bias = values(4 * units, scale: 0.5)
    let output = RecurrentKernels.forward(
      cell: .lstm,
      input: Tensor(shape: [batch, time, features], scalars: input),
      units: units,
      kernel: Tensor(shape: [features, 4 * units], scalars: kernel),
      recurrentKernel: Tensor(shape: [units, 4 * units], scalars: recurrent),
      bias: Tensor(shape: [4 * units], scalars: bias),
      returnSequences: true
    )
    let expected = Self.reference(
      input: input,
      batch: batch,
      time: time,
      features: features,
      units: units,
      kernel: kernel,
      recurrent: recurrent,
      bias: bias
    )
    #expect(output.shape == [batch, time, units])
    let worst = zip(output.scalars, expected).map { abs(Double($0) - $1) }.max() ?? .infinity
    #expect(worst < 2e-6, "largest difference \(worst)")
  }
}
