import Foundation
import Testing

@testable import Engine
@testable import Lab

@Suite("Distillation")
struct DistillationTests {
  static let studentLogits: [Float] = [1.2, -0.7, 0.3, 2.1, -1.5, 0.4, 0.0, 0.9]
  static let teacherLogits: [Float] = [3.0, -1.0, 0.5, 1.0, -2.0, 2.5, 0.2, 0.1]
  static let labels: [Float] = [0, 1]

  func loss(_ settings: DistillationLoss, _ logits: [Float]) -> LossFunction.Evaluation {
    settings.evaluate(
      student: Tensor(shape: [2, 4], scalars: logits),
      teacher: Self.teacherLogits[...],
      labels: Self.labels[...]
    )
  }

  @Test(
    "the gradient matches finite differences",
    arguments: [(1.0, 0.5), (4.0, 0.7), (10.0, 1.0), (2.0, 0.0)]
  )
  func gradientMatchesFiniteDifferences(temperature: Double, alpha: Double) {
    let settings = DistillationLoss(temperature: temperature, alpha: alpha)
    let analytic = loss(settings, Self.studentLogits).gradient.scalars
    let h: Float = 1e-2
    for index in Self.studentLogits.indices {
      var plus = Self.studentLogits
      var minus = Self.studentLogits
      plus[index] += h
      minus[index] -= h
      let numeric = (loss(settings, plus).loss - loss(settings, minus).loss) / Double(2 * h)
      #expect(
        abs(numeric - Double(analytic[index])) < 1e-3,
        "logit \(index): numeric \(numeric), analytic \(analytic[index])"
      )
    }
  }

  @Test("a binary student with one output matches finite differences too")
  func binaryGradient() {
    let settings = DistillationLoss(temperature: 3, alpha: 0.6)
    let teacher: [Float] = [2.0, -1.0]
    let labels: [Float] = [1, 0]
    func value(_ z: [Float]) -> LossFunction.Evaluation {
      settings.evaluate(
        student: Tensor(shape: [2, 1], scalars: z),
        teacher: teacher[...],
        labels: labels[...]
      )
    }
    let z: [Float] = [0.5, 0.3]
    let analytic = value(z).gradient.scalars
    for index in z.indices {
      var plus = z
      var minus = z
      plus[index] += 1e-2
      minus[index] -= 1e-2
      let numeric = (value(plus).loss - value(minus).loss) / 2e-2
      #expect(abs(numeric - Double(analytic[index])) < 1e-3)
    }
  }

  /// Hinton et al.: the soft term's gradient scales as 1/T², so the T² factor keeps it the
  /// same size at every temperature (engine-anchors §9: 0.95…1.06e-4 × T² for T = 1…16).
  @Test("with the T² factor, the soft gradient stays comparable across temperatures")
  func temperatureScaling() {
    var generator = SeededGenerator(seed: 3)
    let n = 64
    let k = 10
    let student = (0..<(n * k)).map { _ in generator.nextUnitFloat() - 0.5 }
    let teacher = (0..<(n * k)).map { _ in 2 * generator.nextUnitFloat() - 1 }
    let labels = (0..<n).map { Float($0 % k) }
    func meanAbsGradient(_ t: Double) -> Double {
      let result = DistillationLoss(temperature: t, alpha: 1).evaluate(
        student: Tensor(shape: [n, k], scalars: student),
        teacher: teacher[...],
        labels: labels[...]
      )
      return result.gradient.scalars.reduce(0) { $0 + Double(abs($1)) } / Double(n * k)
    }
    let magnitudes = [2.0, 4.0, 8.0, 16.0].map(meanAbsGradient)
    let ratio = (magnitudes.max() ?? 0) / (magnitudes.min() ?? 1)
    #expect(ratio < 1.5, "magnitudes \(magnitudes)")
    // Without T² (one factor of T left in the gradient), T = 16 would be 64 times smaller.
    #expect(magnitudes[3] / 16 / 16 < magnitudes[0] / 2 / 2 / 10)
  }

  @Test(
    "the logits network drops the final softmax and keeps the weights",
    arguments: [
      [
        TrainableLayerConfig.dense(units: 5, activation: .relu),
        .dense(units: 3, activation: .softmax),
      ],
      [.dense(units: 5, activation: .relu), .dense(units: 3), .activation(.softmax)],
    ]
  )
  func logitsNetwork(layers: [TrainableLayerConfig]) throws {
    let network = try Network(inputShape: [4], layers: layers, seed: 1)
    let logits = try Distiller.logitsNetwork(network)
    let input = Tensor(shape: [2, 4], scalars: [0.1, 0.2, -0.3, 0.4, 1, -1, 0.5, 0])
    let probabilities = try network.predict(input).scalars
    let z = try logits.predict(input).scalars
    for row in 0..<2 {
      let scores = z[(row * 3)..<(row * 3 + 3)].map { exp(Double($0)) }
      let sum = scores.reduce(0, +)
      for j in 0..<3 {
        #expect(abs(scores[j] / sum - Double(probabilities[row * 3 + j])) < 1e-5)
      }
    }
  }

  @Test("distillation trains a student on digits and reports all three models")
  func smallDistillation() throws {
    let data = try TrainerTests.catalog.load("digits")
    let parse = { (units: [Int]) in
      var model = try ModelDescription(inputShape: Shape([64]))
      for (index, count) in units.enumerated() {
        try model.append(
          Dense(units: count, activation: index == units.count - 1 ? .linear : .relu)
        )
      }
      return model
    }
    let teacher = try parse([64, 10])
    let student = try parse([16, 10])
    let distiller = Distiller(
      lab: ModelLab(cacheDirectory: nil),
      loss: DistillationLoss(),
      recipe: TrainingRecipe(epochs: 3, seed: 1)
    )
    let run = try distiller.run(
      teacher: teacher,
      teacherSpec: "t",
      student: student,
      studentSpec: "s",
      on: data
    )
    let lab = ModelLab(cacheDirectory: nil)
    let distilled = try lab.accuracy(run.student.network, on: run.student.dataset)
    let scratch = try lab.accuracy(run.scratch.network, on: run.scratch.dataset)
    let teacherAccuracy = try lab.accuracy(run.teacher.network, on: run.teacher.dataset)
    #expect(teacherAccuracy > 0.8, "teacher \(teacherAccuracy)")
    #expect(distilled > 0.3, "distilled \(distilled)")
    #expect(scratch > 0.3, "scratch \(scratch)")
  }

  /// The target, with 10 epochs for all three models.
  @Test("a student distilled from the teacher on mnist is within 1 point of scratch or better")
  func distilledStudentOnMNIST() throws {
    let data = try TrainerTests.catalog.load("mnist")
    func model(_ units: [Int]) throws -> ModelDescription {
      var model = try ModelDescription(inputShape: Shape([784]))
      for (index, count) in units.enumerated() {
        try model.append(
          Dense(units: count, activation: index == units.count - 1 ? .linear : .relu)
        )
      }
      return model
    }
    let run = try Distiller(
      lab: ModelLab(cacheDirectory: nil),
      loss: DistillationLoss(temperature: 4, alpha: 0.7),
      recipe: TrainingRecipe(epochs: 10, seed: 42)
    ).run(
      teacher: try model([512, 256, 10]),
      teacherSpec: "teacher",
      student: try model([128, 10]),
      studentSpec: "student",
      on: data
    )
    let lab = ModelLab(cacheDirectory: nil)
    let distilled = try lab.accuracy(run.student.network, on: run.student.dataset)
    let scratch = try lab.accuracy(run.scratch.network, on: run.scratch.dataset)
    #expect(distilled >= scratch - 0.01, "distilled \(distilled), scratch \(scratch)")
  }
}

@Suite("What-if and sweep plans")
struct WhatIfPlanTests {
  @Test func changesParseAndPrint() throws {
    #expect(try WhatIfChange.parse("width=x2") == .width(factor: 2))
    #expect(try WhatIfChange.parse("width=x0.5") == .width(factor: 0.5))
    #expect(try WhatIfChange.parse("depth=+1") == .depth(delta: 1))
    #expect(try WhatIfChange.parse("depth=-1") == .depth(delta: -1))
    #expect(try WhatIfChange.parse("layer=3:dense(256)") == .layer(term: 3, text: "dense(256)"))
    #expect(try WhatIfChange.parse("features=32") == .features(32))
    #expect(try WhatIfChange.parse("structured-prune=0.5") == .structuredPrune(0.5))
    #expect(try WhatIfChange.parse("depth=+1").description == "depth=+1")
    for bad in ["width=2x", "depth=0", "layer=x:dense(3)", "prune=1.5", "colour=red", "width"] {
      #expect(throws: EngineError.self) { try WhatIfChange.parse(bad) }
    }
  }

  @Test func rewriterChangesHiddenLayersOnly() throws {
    let terms = SpecRewriter.terms("input(784) dense(512, relu) -> dense(256,relu) dense(10)")
    #expect(terms == ["input(784)", "dense(512,relu)", "dense(256,relu)", "dense(10)"])
    #expect(
      SpecRewriter.text(try SpecRewriter.scaleWidth(terms, by: 2))
        == "input(784) dense(1024,relu) dense(512,relu) dense(10)"
    )
    #expect(
      SpecRewriter.text(try SpecRewriter.changeDepth(terms, by: 1))
        == "input(784) dense(512,relu) dense(256,relu) dense(256,relu) dense(10)"
    )
    #expect(
      SpecRewriter.text(try SpecRewriter.setWidth(terms, to: 128))
        == "input(784) dense(128,relu) dense(64,relu) dense(10)"
    )
    #expect(SpecRewriter.text(try SpecRewriter.setDepth(terms, to: 0)) == "input(784) dense(10)")
    #expect(throws: EngineError.self) { try SpecRewriter.replace(terms, term: 1, with: "x") }
    #expect(throws: EngineError.self) {
      try SpecRewriter.scaleWidth(["input(4)", "dense(3)"], by: 2)
    }
  }

  @Test func sweepPlansParse() throws {
    #expect(
      try SweepPlan.parse("width=32,64,128") == SweepPlan(knob: .width, values: [32, 64, 128])
    )
    #expect(try SweepPlan.parse("bits=32,16,8,4").knob == .bits)
    for bad in ["width=32", "width=a,b", "bits=3,8", "sparsity=0.5,1", "height=1,2"] {
      #expect(throws: EngineError.self) { try SweepPlan.parse(bad) }
    }
  }

  @Test func featureSelectionKeepsTheTopFeatures() throws {
    let data = try TrainerTests.catalog.load("iris")
    let (reduced, kept) = try data.selectingFeatures(2)
    #expect(reduced.featureShape == [2])
    #expect(kept.count == 2)
    #expect(reduced.train.features.shape == [data.trainCount, 2])
    #expect(reduced.name == "iris[top 2]")
  }
}
