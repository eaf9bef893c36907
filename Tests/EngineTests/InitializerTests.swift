import Engine
import Testing

@Suite struct InitializerTests {
  static func weights(seed: UInt64) throws -> [String: WeightTensor] {
    var model = try ModelDescription(inputShape: Shape(12, 12, 3))
    try model.append(Conv2D(filters: 16, kernelSize: 3))
    try model.append(BatchNormalization())
    try model.append(Flatten())
    try model.append(Dense(units: 32))
    try model.append(Dense(units: 8))
    let tensors = try model.initialWeights(seed: seed)
    return Dictionary(uniqueKeysWithValues: tensors.map { ($0.name, $0) })
  }

  @Test func kerasFansForConvKernelsUseTheReceptiveField() {
    let fans = WeightInitializer.fans(of: Shape(3, 3, 3, 16))
    #expect(fans.fanIn == 27 && fans.fanOut == 144)
    #expect(WeightInitializer.fans(of: Shape(784, 128)) == (784, 128))
  }

  @Test func glorotKernelsStayWithinTheLimitAndFillIt() throws {
    let tensors = try Self.weights(seed: 42)
    for name in ["1.conv2d.kernel", "4.dense.kernel", "5.dense.kernel"] {
      let tensor = try #require(tensors[name])
      let limit = WeightInitializer.glorotLimit(for: tensor.shape)
      let largest = tensor.values.map(abs).max() ?? 0
      #expect(largest <= limit)
      #expect(largest > 0.9 * limit)
      let mean = tensor.values.reduce(0, +) / Float(tensor.values.count)
      #expect(abs(mean) < 0.1 * limit)
    }
    #expect(
      WeightInitializer.glorotLimit(for: Shape(3, 3, 3, 16)) == Float((6.0 / 171.0).squareRoot())
    )
  }

  @Test func biasesAndBatchNormStartAsKerasDoes() throws {
    let tensors = try Self.weights(seed: 1)
    #expect(tensors["1.conv2d.bias"]?.values.allSatisfy { $0 == 0 } == true)
    #expect(tensors["2.batchnorm.gamma"]?.values.allSatisfy { $0 == 1 } == true)
    #expect(tensors["2.batchnorm.beta"]?.values.allSatisfy { $0 == 0 } == true)
    #expect(tensors["2.batchnorm.moving_mean"]?.values.allSatisfy { $0 == 0 } == true)
    #expect(tensors["2.batchnorm.moving_variance"]?.values.allSatisfy { $0 == 1 } == true)
    #expect(tensors["2.batchnorm.moving_variance"]?.isTrainable == false)
  }

  @Test func sameSeedSameWeightsOtherSeedOtherWeights() throws {
    let a = try Self.weights(seed: 7)
    let b = try Self.weights(seed: 7)
    let c = try Self.weights(seed: 8)
    #expect(a == b)
    #expect(a["4.dense.kernel"] != c["4.dense.kernel"])
  }

  @Test func generatorIsFixedForAGivenSeed() {
    var generator = SeededGenerator(seed: 0)
    let first = (0..<3).map { _ in generator.next() }
    var again = SeededGenerator(seed: 0)
    #expect((0..<3).map { _ in again.next() } == first)
    #expect(Set(first).count == 3)
  }

  @Test func recurrentKernelsAreOrthogonalAndLSTMForgetBiasIsOne() throws {
    var model = try ModelDescription(inputShape: Shape(5, 6))
    try model.append(LSTM(units: 4))
    let tensors = try model.initialWeights(seed: 3)
    let recurrent = try #require(tensors.first { $0.name == "1.lstm.recurrent_kernel" })
    #expect(recurrent.shape == Shape(4, 16))
    // Rows of a wide orthogonal matrix are orthonormal: W·Wᵀ = I.
    for i in 0..<4 {
      for j in 0..<4 {
        var dot: Float = 0
        for k in 0..<16 { dot += recurrent.values[i * 16 + k] * recurrent.values[j * 16 + k] }
        #expect(abs(dot - (i == j ? 1 : 0)) < 1e-5)
      }
    }
    let bias = try #require(tensors.first { $0.name == "1.lstm.bias" })
    #expect(bias.values == [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
  }
}
