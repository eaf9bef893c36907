import Foundation
import Testing

@testable import Engine

@Suite("Kernels")
struct KernelTests {
  @Test("padding follows Keras' output sizes")
  func padding() {
    #expect(Padding.valid.outputLength(input: 28, kernel: 3, stride: 1) == (26, 0))
    #expect(Padding.same.outputLength(input: 28, kernel: 3, stride: 2) == (14, 0))
    #expect(Padding.same.outputLength(input: 5, kernel: 3, stride: 1) == (5, 1))
    #expect(Padding.same.outputLength(input: 6, kernel: 2, stride: 2).length == 3)
  }

  @Test("softmax rows sum to one and are stable for large logits")
  func softmax() {
    let y = ActivationFunction.softmax(
      Tensor(shape: [2, 3], scalars: [1000, 1001, 1002, 0, 0, 0])
    )
    #expect(abs(y.scalars[0..<3].reduce(0, +) - 1) < 1e-6)
    #expect(abs(y.scalars[3] - 1.0 / 3) < 1e-6)
    #expect(ActivationFunction.sigmoid(-100) >= 0 && ActivationFunction.sigmoid(100) == 1)
  }

  @Test("batch norm: training normalises and moves the averages; inference uses them")
  func batchNorm() throws {
    var network = try Network(inputShape: [2], layers: [.batchNorm()])
    var generator = SeededGenerator(seed: 1)
    let x = Tensor(shape: [4, 2], scalars: [1, 10, 2, 20, 3, 30, 4, 40])
    let y = network.forwardTraining(x, generator: &generator)
    #expect(abs(y.scalars[0] + y.scalars[2] + y.scalars[4] + y.scalars[6]) < 1e-5)
    let mean = network.layers[0].weights[2].scalars
    #expect(abs(mean[0] - 0.025) < 1e-6 && abs(mean[1] - 0.25) < 1e-5)
    let variance = network.layers[0].weights[3].scalars
    #expect(abs(variance[0] - (0.99 + 0.01 * 1.25)) < 1e-6)
    let inference = try network.predict(x)
    #expect(abs(inference.scalars[0] - (1 - 0.025) / (variance[0] + 1e-3).squareRoot()) < 1e-5)
  }

  @Test("dropout is inverted and identity at inference")
  func dropout() throws {
    var network = try Network(inputShape: [1000], layers: [.dropout(rate: 0.25)])
    var generator = SeededGenerator(seed: 2)
    let x = Tensor(shape: [1, 1000], repeating: 1)
    let y = network.forwardTraining(x, generator: &generator)
    let kept = y.scalars.filter { $0 != 0 }
    #expect(kept.allSatisfy { abs($0 - 4.0 / 3) < 1e-6 })
    #expect(abs(Double(kept.count) / 1000 - 0.75) < 0.05)
    #expect(try network.predict(x) == x)
  }

  @Test("recurrent layers and attention run with Keras shapes")
  func forwardOnly() throws {
    let x = Tensor(shape: [2, 5, 3], scalars: (0..<30).map { Float($0 % 7) / 7 - 0.5 })
    for (config, shape, params) in [
      (TrainableLayerConfig.simpleRNN(units: 4), [2, 4], 3 * 4 + 16 + 4),
      (.lstm(units: 4, returnSequences: true), [2, 5, 4], 4 * (3 * 4 + 16 + 4)),
      (.gru(units: 4), [2, 4], 3 * (3 * 4 + 16 + 8)),
      (.multiHeadSelfAttention(heads: 2, keyDim: 2), [2, 5, 3], 3 * (3 * 4 + 4) + 4 * 3 + 3),
    ] {
      let network = try Network(inputShape: [5, 3], layers: [config], seed: 1)
      #expect(network.parameterCount == params)
      let y = try network.predict(x)
      #expect(y.shape == shape)
      #expect(y.scalars.allSatisfy { $0.isFinite })
    }
  }

  @Test("simpleRNN one step equals tanh(x·W + b) from a zero state")
  func simpleRNNStep() throws {
    let network = try Network(inputShape: [1, 3], layers: [.simpleRNN(units: 2)], seed: 4)
    let x = Tensor(shape: [1, 1, 3], scalars: [0.5, -1, 2])
    let y = try network.predict(x)
    let w = network.layers[0].weights[0].scalars
    for j in 0..<2 {
      let z = 0.5 * w[j] - w[2 + j] + 2 * w[4 + j]
      #expect(abs(y.scalars[j] - tanh(z)) < 1e-6)
    }
  }

  @Test("GRU with zero weights keeps a zero state; LSTM forget bias is 1")
  func gates() throws {
    var gru = try Network(inputShape: [3, 2], layers: [.gru(units: 2)])
    for w in gru.layers[0].weights.indices {
      gru.layers[0].weights[w].scalars = [Float](
        repeating: 0,
        count: gru.layers[0].weights[w].count
      )
    }
    #expect(try gru.predict(Tensor(shape: [1, 3, 2], repeating: 1)).scalars == [0, 0])
    let lstm = try Network(inputShape: [3, 2], layers: [.lstm(units: 2)])
    #expect(lstm.layers[0].weights[2].scalars == [0, 0, 1, 1, 0, 0, 0, 0])
  }
}
