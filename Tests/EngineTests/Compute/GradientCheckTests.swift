import Testing

@testable import Engine

/// Finite-difference checks of every backward pass: `∂L/∂θ ≈ (L(θ+h) − L(θ−h)) / 2h`, with
/// `L = Σ cᵢ·yᵢ` for fixed random `c` (so ∂L/∂y = c), evaluated in Float with h = 1e-2 and
/// compared with a tolerance relative to the gradient's scale.
@Suite("Gradient checks")
struct GradientCheckTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var label: String
    var input: [Int]
    var layers: [TrainableLayerConfig]
    var testDescription: String { label }
  }

  static let cases: [Case] = [
    Case(label: "dense linear", input: [5], layers: [.dense(units: 4)]),
    Case(label: "dense relu", input: [5], layers: [.dense(units: 4, activation: .relu)]),
    Case(label: "dense sigmoid", input: [5], layers: [.dense(units: 3, activation: .sigmoid)]),
    Case(label: "dense tanh", input: [5], layers: [.dense(units: 3, activation: .tanh)]),
    Case(label: "dense softmax", input: [5], layers: [.dense(units: 3, activation: .softmax)]),
    Case(label: "dense rank-3", input: [3, 4], layers: [.dense(units: 2, useBias: false)]),
    Case(
      label: "conv2d valid",
      input: [5, 5, 2],
      layers: [.conv2d(filters: 3, kernel: 3, activation: .tanh)]
    ),
    Case(
      label: "conv2d same stride 2",
      input: [6, 5, 2],
      layers: [.conv2d(filters: 2, kernel: Window2D(3, 2), stride: 2, padding: .same)]
    ),
    Case(
      label: "depthwise same",
      input: [5, 5, 2],
      layers: [.depthwiseConv2d(kernel: 3, padding: .same, depthMultiplier: 2)]
    ),
    Case(
      label: "depthwise stride 2",
      input: [6, 6, 3],
      layers: [.depthwiseConv2d(kernel: 2, stride: 2, activation: .sigmoid)]
    ),
    Case(label: "max pool", input: [4, 4, 2], layers: [.maxPool2d(pool: 2, stride: 2)]),
    Case(
      label: "max pool same",
      input: [5, 5, 2],
      layers: [.maxPool2d(pool: 3, stride: 2, padding: .same)]
    ),
    Case(
      label: "avg pool same",
      input: [5, 5, 2],
      layers: [.avgPool2d(pool: 2, stride: 2, padding: .same)]
    ),
    Case(label: "global avg", input: [3, 3, 2], layers: [.globalAvgPool2d]),
    Case(label: "global max", input: [3, 3, 2], layers: [.globalMaxPool2d]),
    Case(label: "flatten + dense", input: [2, 3, 2], layers: [.flatten, .dense(units: 2)]),
    Case(label: "batch norm", input: [4], layers: [.batchNorm()]),
    Case(label: "batch norm images", input: [2, 2, 3], layers: [.batchNorm()]),
    Case(label: "layer norm", input: [6], layers: [.layerNorm()]),
    Case(label: "dropout", input: [8], layers: [.dropout(rate: 0.5)]),
    Case(label: "activation softmax", input: [4], layers: [.activation(.softmax)]),
    Case(label: "activation tanh", input: [4], layers: [.activation(.tanh)]),
    Case(
      label: "embedding",
      input: [3],
      layers: [.embedding(vocab: 5, dim: 2), .flatten, .dense(units: 2)]
    ),
  ]

  static func loss(_ network: Network, _ x: Tensor, _ c: [Float]) -> Double {
    var copy = network
    var generator = SeededGenerator(seed: 9)
    let y = copy.forwardTraining(x, generator: &generator)
    return zip(y.scalars, c).reduce(0) { $0 + Double($1.0) * Double($1.1) }
  }

  static func check(_ analytic: Float, _ numeric: Double, scale: Double) -> Bool {
    abs(Double(analytic) - numeric) <= 2e-2 * max(scale, 1e-2) + 2e-3
  }

  @Test("analytic gradients match finite differences", arguments: cases)
  func gradients(testCase: Case) throws {
    var network = try Network(inputShape: testCase.input, layers: testCase.layers, seed: 3)
    var g = SeededGenerator(seed: 4)
    let batch = 3
    let isEmbedding: Bool
    if case .embedding = testCase.layers[0] { isEmbedding = true } else { isEmbedding = false }
    let x = Tensor(
      shape: [batch] + testCase.input,
      scalars: (0..<(batch * testCase.input.reduce(1, *))).map { _ in
        isEmbedding ? Float(g.nextInt(below: 5)) : 2 * g.nextUnitFloat() - 1
      }
    )
    let outCount = batch * network.outputShape.reduce(1, *)
    let c = (0..<outCount).map { _ in 2 * g.nextUnitFloat() - 1 }

    // Analytic: forward (training), then backward through every layer keeping ∂L/∂x.
    var trained = network
    var generator = SeededGenerator(seed: 9)
    let y = trained.forwardTraining(x, generator: &generator)
    var gradient = Tensor(shape: y.shape, scalars: c)
    for index in trained.layers.indices.reversed() {
      gradient = trained.layers[index].backward(
        gradient,
        skipActivation: false,
        needInputGradient: true
      )!
    }
    let h: Float = 1e-2
    // Weights.
    for l in network.layers.indices {
      for w in network.layers[l].weights.indices where network.layers[l].trainable[w] {
        let analytic = trained.layers[l].gradients[w].scalars
        let scale = analytic.map { Double(abs($0)) }.max() ?? 0
        for i in analytic.indices {
          let original = network.layers[l].weights[w].scalars[i]
          network.layers[l].weights[w].scalars[i] = original + h
          let plus = Self.loss(network, x, c)
          network.layers[l].weights[w].scalars[i] = original - h
          let minus = Self.loss(network, x, c)
          network.layers[l].weights[w].scalars[i] = original
          let numeric = (plus - minus) / Double(2 * h)
          #expect(
            Self.check(analytic[i], numeric, scale: scale),
            "\(testCase.label) \(network.layers[l].roles[w])[\(i)]: \(analytic[i]) vs \(numeric)"
          )
        }
      }
    }
    // Input (not for token ids).
    guard !isEmbedding else { return }
    let scale = gradient.scalars.map { Double(abs($0)) }.max() ?? 0
    for i in x.scalars.indices {
      var xp = x
      xp.scalars[i] += h
      var xm = x
      xm.scalars[i] -= h
      let numeric = (Self.loss(network, xp, c) - Self.loss(network, xm, c)) / Double(2 * h)
      #expect(
        Self.check(gradient.scalars[i], numeric, scale: scale),
        "\(testCase.label) input[\(i)]: \(gradient.scalars[i]) vs \(numeric)"
      )
    }
  }

  @Test(
    "fused loss gradients match finite differences",
    arguments: [LossFunction.sparseCategoricalCrossEntropy, .binaryCrossEntropy, .meanSquaredError]
  )
  func fusedLoss(loss: LossFunction) throws {
    let units = loss == .binaryCrossEntropy ? 1 : 3
    let activation: ActivationFunction =
      switch loss {
      case .sparseCategoricalCrossEntropy: .softmax
      case .binaryCrossEntropy: .sigmoid
      case .meanSquaredError: .linear
      }
    var network = try Network(
      inputShape: [4],
      layers: [.dense(units: units, activation: activation)],
      seed: 5
    )
    var g = SeededGenerator(seed: 6)
    let x = Tensor(shape: [4, 4], scalars: (0..<16).map { _ in 2 * g.nextUnitFloat() - 1 })
    let targets: [Float] = (0..<(4 * (loss == .meanSquaredError ? units : 1))).map { i in
      loss == .meanSquaredError ? g.nextUnitFloat() : Float(i % (units == 1 ? 2 : units))
    }
    func value(_ net: Network) -> Double {
      let out = try! net.predict(x)
      return loss.evaluate(output: out, targets: targets[...], lastActivation: activation).loss
    }
    var trained = network
    var generator = SeededGenerator(seed: 1)
    let out = trained.forwardTraining(x, generator: &generator)
    let result = loss.evaluate(output: out, targets: targets[...], lastActivation: activation)
    trained.backward(result.gradient, fusedWithLoss: result.fused)
    let h: Float = 1e-2
    for i in network.layers[0].weights[0].scalars.indices {
      let original = network.layers[0].weights[0].scalars[i]
      network.layers[0].weights[0].scalars[i] = original + h
      let plus = value(network)
      network.layers[0].weights[0].scalars[i] = original - h
      let minus = value(network)
      network.layers[0].weights[0].scalars[i] = original
      let numeric = (plus - minus) / Double(2 * h)
      #expect(abs(Double(trained.layers[0].gradients[0].scalars[i]) - numeric) < 2e-3)
    }
  }
}
