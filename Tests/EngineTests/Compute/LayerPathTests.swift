import Foundation
import Testing

@testable import Engine

/// The layers added through the one-type-per-layer path (gelu, silu, conv1d, residual):
/// values against PyTorch (`Tools/reference/conv1d_gelu_silu_torch.py`; Keras' gelu is the
/// exact-erf one, as torch's default) and finite-difference checks of their backward passes
/// through `Network.backward`, which also carries a residual block's skip gradient.
@Suite("Layer path: gelu, silu, conv1d, residual")
struct LayerPathTests {
  static let points: [Float] = [-3.0, -1.5, -0.5, 0.0, 0.25, 1.0, 2.5]

  static func activated(_ function: ActivationFunction) -> [Float] {
    function(Tensor(shape: [points.count], scalars: points)).scalars
  }

  @Test func geluIsTheExactErfFormOfTorchAndKeras() {
    let torch: [Float] = [
      -0.004050225019454956, -0.10021086037158966, -0.1542687714099884, 0.0,
      0.14967657625675201, 0.8413447141647339, 2.48447585105896,
    ]
    for (ours, theirs) in zip(Self.activated(.gelu), torch) {
      #expect(abs(ours - theirs) <= 1e-6 * max(1, abs(theirs)), "\(ours) vs \(theirs)")
    }
  }

  @Test func siluIsXTimesSigmoidAsInTorch() {
    let torch: [Float] = [
      -0.14227761328220367, -0.2736382782459259, -0.1887703388929367, 0.0, 0.140544131398201,
      0.7310585975646973, 2.310354471206665,
    ]
    for (ours, theirs) in zip(Self.activated(.silu), torch) {
      #expect(abs(ours - theirs) <= 1e-6 * max(1, abs(theirs)), "\(ours) vs \(theirs)")
    }
  }

  /// A (5, 2) sequence and a [3, 2, 3] kernel from sin/cos, as the torch script makes them.
  static func conv1dOutput(padding: Padding, stride: Int) throws -> Tensor {
    var network = try Network(
      inputShape: [5, 2],
      layers: [.conv1d(filters: 3, kernel: 3, stride: stride, padding: padding)],
      seed: 1
    )
    network.layers[0].weights[0] = Tensor(
      shape: [3, 2, 3],
      scalars: (0..<18).map { Float(cos(0.37 * Double($0))) }
    )
    network.layers[0].weights[1] = Tensor(shape: [3], scalars: [0.1, -0.2, 0.3])
    let x = Tensor(shape: [1, 5, 2], scalars: (0..<10).map { Float(sin(0.7 * Double($0) + 0.3)) })
    return try network.predict(x)
  }

  @Test(
    "conv1d gives torch's outputs",
    arguments: [
      (
        Padding.valid, 1,
        [
          -0.959159, -1.833527, -1.686805, 1.57445, 0.348211, -0.152225, 1.660375, 1.619883,
          2.133079,
        ] as [Float]
      ),
      (
        Padding.same, 1,
        [
          -0.670128, -0.437297, 0.627651, -0.959159, -1.833527, -1.686805, 1.57445, 0.348211,
          -0.152225, 1.660375, 1.619883, 2.133079, -1.350369, -1.137273, 0.002678,
        ]
      ),
      (Padding.valid, 2, [-0.959159, -1.833527, -1.686805, 1.660375, 1.619883, 2.133079]),
    ]
  )
  func conv1dMatchesTorch(padding: Padding, stride: Int, expected: [Float]) throws {
    let output = try Self.conv1dOutput(padding: padding, stride: stride)
    #expect(output.shape == [1, expected.count / 3, 3])
    for (ours, theirs) in zip(output.scalars, expected) {
      #expect(abs(ours - theirs) <= 2e-6, "\(ours) vs \(theirs)")
    }
  }

  struct Case: CustomTestStringConvertible, Sendable {
    var label: String
    var input: [Int]
    var layers: [TrainableLayerConfig]
    var testDescription: String { label }
  }

  static let cases: [Case] = [
    Case(label: "dense gelu", input: [5], layers: [.dense(units: 4, activation: .gelu)]),
    Case(label: "dense silu", input: [5], layers: [.dense(units: 4, activation: .silu)]),
    Case(
      label: "activation gelu, silu",
      input: [4],
      layers: [.dense(units: 4), .activation(.gelu), .dense(units: 3), .activation(.silu)]
    ),
    Case(label: "conv1d valid", input: [6, 2], layers: [.conv1d(filters: 3, kernel: 3)]),
    Case(
      label: "conv1d same stride 2 tanh",
      input: [7, 3],
      layers: [.conv1d(filters: 2, kernel: 4, stride: 2, padding: .same, activation: .tanh)]
    ),
    Case(
      label: "conv1d gelu then flatten, dense",
      input: [5, 2],
      layers: [.conv1d(filters: 2, kernel: 2, activation: .gelu), .flatten, .dense(units: 2)]
    ),
    Case(
      label: "residual block after a dense",
      input: [4],
      layers: [
        .dense(units: 3),
        .dense(units: 5, activation: .tanh),
        .dense(units: 3),
        TrainableLayerConfig(ResidualAdd(blockLength: 2)),
        .dense(units: 2),
      ]
    ),
    Case(
      label: "two residual blocks in a row",
      input: [3],
      layers: [
        .dense(units: 3, activation: .silu),
        .dense(units: 3),
        TrainableLayerConfig(ResidualAdd(blockLength: 1)),
        .dense(units: 3, activation: .tanh),
        TrainableLayerConfig(ResidualAdd(blockLength: 1)),
        .dense(units: 2),
      ]
    ),
  ]

  /// `L = Σ cᵢ·yᵢ` after a training forward pass (so ∂L/∂y = c).
  static func loss(_ network: Network, _ x: Tensor, _ c: [Float]) -> Double {
    var copy = network
    var generator = SeededGenerator(seed: 9)
    let y = copy.forwardTraining(x, generator: &generator)
    return zip(y.scalars, c).reduce(0) { $0 + Double($1.0) * Double($1.1) }
  }

  @Test("weight gradients match finite differences", arguments: cases)
  func gradients(testCase: Case) throws {
    var network = try Network(inputShape: testCase.input, layers: testCase.layers, seed: 3)
    var g = SeededGenerator(seed: 4)
    let batch = 3
    let x = Tensor(
      shape: [batch] + testCase.input,
      scalars: (0..<(batch * testCase.input.reduce(1, *))).map { _ in 2 * g.nextUnitFloat() - 1 }
    )
    let c = (0..<(batch * network.outputShape.reduce(1, *))).map { _ in 2 * g.nextUnitFloat() - 1 }
    var trained = network
    var generator = SeededGenerator(seed: 9)
    let y = trained.forwardTraining(x, generator: &generator)
    trained.backward(Tensor(shape: y.shape, scalars: c), fusedWithLoss: false)
    let h: Float = 1e-2
    var checked = 0
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
            abs(Double(analytic[i]) - numeric) <= 2e-2 * max(scale, 1e-2) + 2e-3,
            "\(testCase.label) layer \(l) \(network.layers[l].roles[w])[\(i)]: \(analytic[i]) vs \(numeric)"
          )
          checked += 1
        }
      }
    }
    #expect(checked > 0)
  }

  @Test func aResidualBlockWithZeroWeightsPassesItsInputThrough() throws {
    var network = try Network(
      inputShape: [4],
      layers: [.dense(units: 4), TrainableLayerConfig(ResidualAdd(blockLength: 1))],
      seed: 2
    )
    network.layers[0].weights[0] = Tensor(shape: [4, 4])
    let x = Tensor(shape: [2, 4], scalars: [1, -2, 3, 0.5, 0, 7, -1, 2])
    #expect(try network.predict(x).scalars == x.scalars)
    network.layers[0].weights[1] = Tensor(shape: [4], scalars: [1, 1, 1, 1])
    #expect(try network.predict(x).scalars == x.scalars.map { $0 + 1 })
  }

  @Test func aResidualBlockThatChangesTheShapeIsRefusedAtBuild() {
    #expect(throws: NetworkError.self) {
      try Network(
        inputShape: [4],
        layers: [.dense(units: 3), TrainableLayerConfig(ResidualAdd(blockLength: 1))]
      )
    }
  }

  @Test func conv1dNeedsASequenceInput() {
    #expect(throws: NetworkError.self) {
      try Network(inputShape: [8], layers: [.conv1d(filters: 2, kernel: 3)])
    }
  }

  static let imageLayerOnAVector: String =
    "layer 2 (conv2d) cannot take input of shape (4): conv2d needs an image input "
    + "(height x width x channels), but its input is 4; a layer after flatten (or on a "
    + "vector input) cannot be an image layer"
  static let embeddingNotFirst: String =
    "layer 2 (embedding) cannot take input of shape (4): it reads token ids, so it must be "
    + "the first layer, right after the input"
  static let misfits: [([TrainableLayerConfig], String)] = [
    ([.dense(units: 4), .conv2d(filters: 8, kernel: 3)], imageLayerOnAVector),
    (
      [.dense(units: 0)],
      "layer 1 (dense) cannot take input of shape (4): dense units must be at least 1, got 0"
    ),
    ([.dense(units: 4), .embedding(vocab: 10, dim: 2)], embeddingNotFirst),
  ]

  /// A network refuses a layer with its description's reason, naming the layer's place.
  @Test(arguments: misfits)
  func aLayerThatDoesNotFitGetsItsDescriptionsReason(
    layers: [TrainableLayerConfig],
    message: String
  ) {
    #expect {
      try Network(inputShape: [4], layers: layers)
    } throws: { error in
      "\(error)" == message
    }
  }
}
