import Testing

@testable import Engine

@Suite("Optimizers and penalties")
struct OptimizerTests {
  /// A one-weight network `y = w·x` with the gradient set by hand.
  static func network(weight: Float, gradient: Float) throws -> Network {
    var network = try Network(inputShape: [1], layers: [.dense(units: 1, useBias: false)])
    network.layers[0].weights[0].scalars = [weight]
    network.layers[0].gradients[0].scalars = [gradient]
    return network
  }

  @Test("Adam follows Keras' update (first steps)")
  func adam() throws {
    var network = try Self.network(weight: 1, gradient: 0.5)
    var optimizer = Optimizer(.adam())
    optimizer.update(&network)
    // Step 1: m = 0.05, v = 0.00025, rate = 1e-3·√0.001/0.1; w = 1 − rate·m/(√v + 1e-7) ≈ 0.999.
    #expect(abs(network.layers[0].weights[0].scalars[0] - 0.999) < 1e-6)
    optimizer.update(&network)
    #expect(abs(network.layers[0].weights[0].scalars[0] - 0.998) < 1e-6)
    #expect(optimizer.stateCount == 2)
  }

  @Test("the AVX-512 and AVX2 Adam loops give the same bits, tail included")
  func adamKernelsAgree() throws {
    try #require(Gemm.Kernel.avx512.isAvailable, "this processor cannot run the AVX-512 loop")
    var generator = SeededGenerator(seed: 7)
    for count in [1, 8, 15, 16, 17, 40, 1000, 101_770] {
      let start = (0..<count).map { _ in generator.nextUnitFloat() - 0.5 }
      let gradients = (0..<(3 * count)).map { _ in generator.nextUnitFloat() - 0.5 }
      var results: [[Float]] = []
      for kernel in [Gemm.Kernel.avx512, .avx2] {
        var weight = start
        var m = [Float](repeating: 0, count: count)
        var v = [Float](repeating: 0, count: count)
        for step in 1...3 {
          let g = Array(gradients[((step - 1) * count)..<(step * count)])
          weight.withUnsafeMutableBufferPointer { pw in
            m.withUnsafeMutableBufferPointer { pm in
              v.withUnsafeMutableBufferPointer { pv in
                g.withUnsafeBufferPointer { pg in
                  Optimizer.apply(
                    kind: .adam(),
                    step: step,
                    weight: pw,
                    gradient: pg,
                    m: pm,
                    v: pv,
                    kernel: kernel
                  )
                }
              }
            }
          }
        }
        results.append(weight + m + v)
      }
      #expect(results[0] == results[1], "\(count) weights")
      #expect(results[0] != start + [Float](repeating: 0, count: 2 * count), "nothing was updated")
    }
  }

  @Test("SGD with momentum and Nesterov")
  func sgd() throws {
    var plain = try Self.network(weight: 1, gradient: 2)
    var sgd = Optimizer(.sgd(learningRate: 0.1))
    sgd.update(&plain)
    #expect(abs(plain.layers[0].weights[0].scalars[0] - 0.8) < 1e-6)

    var momentum = try Self.network(weight: 1, gradient: 1)
    var heavy = Optimizer(.sgd(learningRate: 0.1, momentum: 0.9))
    heavy.update(&momentum)  // v = −0.1, w = 0.9
    heavy.update(&momentum)  // v = −0.19, w = 0.71
    #expect(abs(momentum.layers[0].weights[0].scalars[0] - 0.71) < 1e-6)

    var nesterov = try Self.network(weight: 1, gradient: 1)
    var ahead = Optimizer(.sgd(learningRate: 0.1, momentum: 0.9, nesterov: true))
    ahead.update(&nesterov)  // v = −0.1, w = 1 + 0.9·(−0.1) − 0.1 = 0.81
    #expect(abs(nesterov.layers[0].weights[0].scalars[0] - 0.81) < 1e-6)
  }

  @Test("L1/L2 penalty value and gradient on kernels only")
  func penalty() throws {
    var network = try Network(inputShape: [2], layers: [.dense(units: 2), .batchNorm()])
    network.layers[0].weights[0].scalars = [1, -2, 0.5, 0]
    network.layers[0].weights[1].scalars = [10, 10]
    let penalty = WeightPenalty(l1: 0.1, l2: 0.01)
    #expect(abs(penalty.value(of: network) - (0.1 * 3.5 + 0.01 * 5.25)) < 1e-6)
    penalty.addGradient(to: &network)
    let g = network.layers[0].gradients[0].scalars
    #expect(abs(g[0] - 0.12) < 1e-6 && abs(g[1] + 0.14) < 1e-6 && g[3] == 0)
    #expect(network.layers[0].gradients[1].scalars == [0, 0])
  }

  @Test("Keras initialisation: fans, limits, BN and embeddings")
  func initialisation() throws {
    #expect(WeightInitializer.fans(of: Shape(3, 3, 1, 32)) == (9, 288))
    #expect(WeightInitializer.fans(of: Shape(784, 128)) == (784, 128))
    let network = try Network(
      inputShape: [28, 28, 1],
      layers: [.conv2d(filters: 32, kernel: 3), .flatten, .dense(units: 10), .batchNorm()]
    )
    let limit = Float((6.0 / (9 + 288)).squareRoot())
    #expect(network.layers[0].weights[0].scalars.allSatisfy { abs($0) <= limit })
    #expect(network.layers[0].weights[0].scalars.map(abs).max()! > limit * 0.9)
    #expect(network.layers[0].weights[1].scalars.allSatisfy { $0 == 0 })
    #expect(network.layers[3].weights.map { $0.scalars[0] } == [1, 0, 0, 1])
    let embedding = try Network(inputShape: [4], layers: [.embedding(vocab: 50, dim: 8)])
    #expect(embedding.layers[0].weights[0].scalars.allSatisfy { abs($0) <= 0.05 })
    var generator = SeededGenerator(seed: 1)
    let orthogonal = WeightInitializer.orthogonal.values(shape: [4, 4], using: &generator)
    for i in 0..<4 {
      for j in 0..<4 {
        var dot: Float = 0
        for k in 0..<4 { dot += orthogonal[i * 4 + k] * orthogonal[j * 4 + k] }
        #expect(abs(dot - (i == j ? 1 : 0)) < 1e-5)
      }
    }
  }
}
