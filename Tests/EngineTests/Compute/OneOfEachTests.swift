import Testing

@testable import Engine
@testable import Lab

/// The engine has one padding, one activation, one initializer and one seeded generator; the
/// description side and the training side must agree because they are the same types.
@Suite struct OneOfEachTests {
  @Test func theDescribedAndTheComputedOutputLengthAgreeForEveryPadding() throws {
    for padding in Padding.allCases {
      for input in 1...20 {
        for kernel in 1...input {
          for stride in 1...3 {
            let described = try padding.outputLength(
              input,
              window: kernel,
              stride: stride,
              what: "window",
              height: input,
              width: input
            )
            let computed = padding.outputLength(input: input, kernel: kernel, stride: stride)
            #expect(described == computed.length, "\(padding) \(input) \(kernel) \(stride)")
            #expect(computed.padBefore >= 0 && computed.padBefore < kernel)
          }
        }
      }
    }
    #expect(throws: EngineError.self) {
      try Padding.valid.outputLength(3, window: 5, stride: 1, what: "w", height: 3, width: 3)
    }
  }

  @Test func theIntegerConvolutionUsesTheSamePadding() throws {
    let parameters = QuantizationParameters(scheme: .int8Symmetric, minimum: -1, maximum: 1)
    let conv = try QuantizedConv2D(
      weights: [Float](repeating: 0.5, count: 3 * 3 * 2 * 4),
      bias: nil,
      kernelSize: (3, 3),
      inChannels: 2,
      filters: 4,
      strides: (2, 2),
      padding: .same,
      inputParameters: parameters,
      outputParameters: parameters
    )
    let size = conv.outputSize(height: 7, width: 8)
    #expect(size.height == Padding.same.outputLength(input: 7, kernel: 3, stride: 2).length)
    #expect(size.width == 4 && size.height == 4)
  }

  @Test func theTrainingLayersStartFromTheOneInitializer() throws {
    let network = try Network(
      inputShape: [6],
      layers: [.dense(units: 5), .dense(units: 3)],
      seed: 42
    )
    var generator = SeededGenerator(seed: 42)
    let first = WeightInitializer.glorotUniform.values(shape: [6, 5], using: &generator)
    let second = WeightInitializer.glorotUniform.values(shape: [5, 3], using: &generator)
    #expect(network.layers[0].weights[0].scalars == first)
    #expect(network.layers[1].weights[0].scalars == second)
    let limit = WeightInitializer.glorotLimit(for: Shape(6, 5))
    #expect(first.allSatisfy { abs($0) <= limit })
  }

  @Test func theLSTMBiasOpensTheForgetGateThroughTheInitializer() throws {
    let network = try Network(inputShape: [4, 3], layers: [.lstm(units: 2)], seed: 1)
    let bias = try #require(network.layers[0].weights.last).scalars
    #expect(bias == [0, 0, 1, 1, 0, 0, 0, 0])
  }

  @Test func anEnsembleMembersSeedDependsOnlyOnTheSeedAndItsIndex() {
    let seeds = (0..<1_000).map { SeededGenerator.derivedSeed(7, index: $0) }
    #expect(Set(seeds).count == 1_000)
    #expect(seeds == (0..<1_000).map { SeededGenerator.derivedSeed(7, index: $0) })
    #expect(SeededGenerator.derivedSeed(8, index: 0) != seeds[0])
    var a = SeededGenerator(seed: seeds[3])
    var b = SeededGenerator(seed: seeds[3])
    #expect(a.permutation(50) == b.permutation(50))
  }

  @Test func everyActivationRunsForwardAndBackward() {
    for activation in ActivationFunction.allCases {
      let y = activation(Tensor(shape: [2, 3], scalars: [-1, 0, 2, 3, -4, 0.5]))
      #expect(y.scalars.allSatisfy { $0.isFinite }, "\(activation)")
      var gradient: [Float] = [1, 1, 1, 1, 1, 1]
      y.scalars.withUnsafeBufferPointer { output in
        gradient.withUnsafeMutableBufferPointer {
          activation.backward(output: output.baseAddress!, gradient: $0, rowLength: 3)
        }
      }
      #expect(gradient.allSatisfy { $0.isFinite }, "\(activation)")
    }
  }

  @Test func theWeightCacheKeyCarriesTheInitializationVersion() {
    let lab = ModelLab(cacheDirectory: "/cache")
    let recipe = TrainingRecipe(epochs: 1, batchSize: 32, seed: 0)
    let file = lab.cacheFile(spec: "input(4) dense(2)", dataset: "iris", recipe: recipe)
    let unversioned = "/cache/" + ModelLab.fnv1a("input(4) dense(2)|iris|\(recipe.key)")
    #expect(ModelLab.weightsVersion >= 2)
    #expect(file != unversioned + ".safetensors")
    let versioned =
      "v\(ModelLab.weightsVersion)|input(4) dense(2)|iris|\(recipe.key)"
    #expect(file == "/cache/" + ModelLab.fnv1a(versioned) + ".safetensors")
  }
}
