import Foundation
import Testing

@testable import Engine

@Suite("Trainer")
struct TrainerTests {
  static let catalog = DatasetTests.catalog

  @Test("same seed gives bit-identical weights; events are reported")
  func deterministic() throws {
    let data = try DatasetCatalog.blobs(rows: 300, classes: 3, features: 4)
    func run() throws -> ([NamedWeight], [TrainingEvent]) {
      var network = try Network(
        inputShape: [4],
        layers: [
          .dense(units: 16, activation: .relu), .dropout(rate: 0.2), .batchNorm(),
          .dense(units: 3, activation: .softmax),
        ],
        seed: 5
      )
      var events: [TrainingEvent] = []
      try Trainer(epochs: 2, batchSize: 16, seed: 9).fit(
        &network,
        on: data.train,
        validation: data.test,
        progress: { events.append($0) }
      )
      return (network.namedWeights(), events)
    }
    let (first, events) = try run()
    let (second, _) = try run()
    #expect(first == second)
    let batches = events.filter { if case .batchEnded = $0 { true } else { false } }
    #expect(batches.count == 2 * 15)
    let summaries = events.compactMap { if case .epochEnded(let s) = $0 { s } else { nil } }
    #expect(summaries.count == 2 && summaries[1].validationAccuracy != nil)
    #expect(summaries[1].remaining == .zero)
    #expect(
      first.map(\.name).prefix(3) == ["dense/kernel", "dense/bias", "batch_normalization/gamma"]
    )
  }

  @Test("cancellation returns the weights of the last finished epoch")
  func cancellation() throws {
    let data = try DatasetCatalog.blobs(rows: 200)
    var network = try Network(inputShape: [2], layers: [.dense(units: 3, activation: .softmax)])
    var afterOne = network
    try Trainer(epochs: 1, batchSize: 10, seed: 1).fit(&afterOne, on: data.train)
    var calls = 0
    var events: [TrainingEvent] = []
    let history = try Trainer(epochs: 5, batchSize: 10, seed: 1).fit(
      &network,
      on: data.train,
      progress: { events.append($0) },
      isCancelled: {
        calls += 1
        return calls > 16 + 5  // 16 batches per epoch: stop inside epoch 2
      }
    )
    #expect(history.cancelled && history.epochs.count == 1)
    #expect(events.last == .cancelled(completedEpochs: 1))
    #expect(network.namedWeights() == afterOne.namedWeights())
  }

  @Test("weights round-trip through NamedWeight; mismatches are errors")
  func weights() throws {
    let layers: [TrainableLayerConfig] = [
      .conv2d(filters: 4, kernel: 3), .depthwiseConv2d(kernel: 3, depthMultiplier: 2),
      .globalAvgPool2d, .dense(units: 2),
    ]
    let a = try Network(inputShape: [8, 8, 1], layers: layers, seed: 1)
    var b = try Network(inputShape: [8, 8, 1], layers: layers, seed: 2)
    #expect(a.namedWeights() != b.namedWeights())
    try b.load(a.namedWeights())
    #expect(a.namedWeights() == b.namedWeights())
    #expect(
      a.namedWeights().map(\.shape) == [[3, 3, 1, 4], [4], [3, 3, 4, 2], [8], [8, 2], [2]]
    )
    var wrong = a.namedWeights()
    wrong[0].shape = [9, 4]
    #expect(throws: NetworkError.self) { try b.load(wrong) }
    #expect(throws: NetworkError.self) { try b.load(Array(a.namedWeights().dropLast())) }
  }

  @Test("shape errors are explained")
  func errors() throws {
    #expect(throws: NetworkError.self) {
      try Network(inputShape: [784], layers: [.conv2d(filters: 2, kernel: 3)])
    }
    let network = try Network(inputShape: [4], layers: [.dense(units: 3, activation: .softmax)])
    do {
      _ = try network.predict(Tensor(shape: [1, 5]))
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("start the spec with input(5)"))
    }
    let rnn = try Network(inputShape: [5, 3], layers: [.lstm(units: 4)])
    let data = ExampleSet(features: Tensor(shape: [2, 5, 3]), targets: [0, 1])
    var copy = rnn
    #expect(throws: NetworkError.backwardUnsupported(layer: "lstm")) {
      try Trainer(epochs: 1).fit(&copy, on: data)
    }
  }

  @Test("iris 4→3 softmax reaches ≥ 0.90")
  func iris() throws {
    let data = try Self.catalog.load("iris")
    var network = try Network(
      inputShape: [4],
      layers: [.dense(units: 3, activation: .softmax)],
      seed: 1
    )
    let trainer = Trainer(epochs: 100, batchSize: 16, optimizer: .adam(learningRate: 0.01), seed: 1)
    try trainer.fit(&network, on: data.train)
    let accuracy = try #require(try trainer.evaluate(network, on: data.test).accuracy)
    #expect(accuracy >= 0.90)
  }

  @Test("digits 64-64relu-10 reaches ≥ 0.95")
  func digits() throws {
    let data = try Self.catalog.load("digits")
    let flat = { (s: ExampleSet) in
      ExampleSet(features: s.features.reshaped(to: [s.count, 64]), targets: s.targets)
    }
    var network = try Network(
      inputShape: [64],
      layers: [.dense(units: 64, activation: .relu), .dense(units: 10, activation: .softmax)],
      seed: 1
    )
    let trainer = Trainer(epochs: 20, batchSize: 32, seed: 1)
    try trainer.fit(&network, on: flat(data.train))
    let accuracy = try #require(try trainer.evaluate(network, on: flat(data.test)).accuracy)
    #expect(accuracy >= 0.95)
  }

  // The engine is compiled with -O in debug builds too (Package.swift), so these floors run at
  // full size in every `swift test`.
  @Test("seed-mlp on mnist reaches ≥ 0.90 after 10 epochs")
  func seedMLP() throws {
    let data = try Self.catalog.load("mnist")
    let subset = data.train
    let train = ExampleSet(
      features: subset.features.reshaped(to: [subset.count, 784]),
      targets: subset.targets
    )
    let test = ExampleSet(
      features: data.test.features.reshaped(to: [data.testCount, 784]),
      targets: data.test.targets
    )
    var network = try Network(
      inputShape: [784],
      layers: [.dense(units: 128, activation: .relu), .dense(units: 10, activation: .softmax)],
      seed: 1
    )
    let trainer = Trainer(epochs: 10, batchSize: 32, seed: 1)
    try trainer.fit(&network, on: train)
    let accuracy = try #require(try trainer.evaluate(network, on: test).accuracy)
    #expect(accuracy >= 0.90, "accuracy \(accuracy)")
  }

  @Test("seed-cnn on mnist reaches ≥ 0.93 after 5 epochs")
  func seedCNN() throws {
    let data = try Self.catalog.load("mnist")
    var network = try Network(
      inputShape: [28, 28, 1],
      layers: [
        .conv2d(filters: 32, kernel: 3, activation: .relu), .maxPool2d(pool: 2, stride: 2),
        .conv2d(filters: 64, kernel: 3, activation: .relu), .maxPool2d(pool: 2, stride: 2),
        .flatten, .dense(units: 64, activation: .relu), .dense(units: 10, activation: .softmax),
      ],
      seed: 1
    )
    let trainer = Trainer(epochs: 5, batchSize: 32, seed: 1)
    try trainer.fit(&network, on: data.train)
    let accuracy = try #require(try trainer.evaluate(network, on: data.test).accuracy)
    #expect(accuracy >= 0.93, "accuracy \(accuracy)")
  }

  @Test("a small CNN on digits trains in three epochs")
  func smallCNN() throws {
    let data = try Self.catalog.load("digits")
    var network = try Network(
      inputShape: [8, 8, 1],
      layers: [
        .conv2d(filters: 8, kernel: 3, padding: .same, activation: .relu),
        .maxPool2d(pool: 2, stride: 2), .flatten, .dense(units: 10, activation: .softmax),
      ],
      seed: 1
    )
    let trainer = Trainer(epochs: 3, batchSize: 32, seed: 1)
    try trainer.fit(&network, on: data.train)
    let accuracy = try #require(try trainer.evaluate(network, on: data.test).accuracy)
    #expect(accuracy >= 0.7, "accuracy \(accuracy)")
  }

  @Test("regression with MSE learns the linear target")
  func regression() throws {
    let data = try DatasetCatalog.regression(rows: 2000, features: 4, noise: 0.1)
    var network = try Network(inputShape: [4], layers: [.dense(units: 1)], seed: 1)
    let trainer = Trainer(
      epochs: 20,
      batchSize: 32,
      optimizer: .sgd(learningRate: 0.05, momentum: 0.9),
      loss: .meanSquaredError,
      seed: 1
    )
    try trainer.fit(&network, on: data.train)
    let result = try trainer.evaluate(network, on: data.test)
    #expect(result.accuracy == nil && result.loss < 0.05)
  }

  @Test("fraud with sigmoid + binary cross-entropy and L2")
  func fraud() throws {
    let data = try DatasetCatalog.fraud(rows: 4000)
    var network = try Network(
      inputShape: [30],
      layers: [.dense(units: 8, activation: .relu), .dense(units: 1, activation: .sigmoid)],
      seed: 1
    )
    let trainer = Trainer(
      epochs: 3,
      loss: .binaryCrossEntropy,
      penalty: WeightPenalty(l2: 1e-4),
      seed: 1
    )
    let history = try trainer.fit(&network, on: data.train)
    #expect(history.epochs.last!.loss < history.epochs.first!.loss)
    let accuracy = try #require(try trainer.evaluate(network, on: data.test).accuracy)
    #expect(accuracy >= 0.98, "accuracy \(accuracy)")
  }
}
