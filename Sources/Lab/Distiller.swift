import Engine
import Foundation

/// Knowledge distillation in the lab: a teacher, a student taught by it, and the same
/// student trained from scratch with the same epochs, batches and seed.
///
/// The teacher and the from-scratch student are ordinary `train` runs (and share the
/// weight cache with `calc train`). The distilled student starts from exactly the weights
/// the from-scratch student starts from, sees the same batches in the same order, and
/// differs only in its loss (see `DistillationLoss`), so the comparison is fair.
public struct Distiller: Sendable {
  /// Which of the three trainings an event belongs to.
  public enum Stage: String, Sendable, Equatable, CaseIterable {
    case teacher
    case student
    case scratch
  }

  /// The three trained models.
  public struct Run: Sendable {
    public var teacher: ModelLab.TrainedModel
    public var student: ModelLab.TrainedModel
    public var scratch: ModelLab.TrainedModel
  }

  public let lab: ModelLab
  public var loss: DistillationLoss
  public var recipe: TrainingRecipe

  public init(lab: ModelLab, loss: DistillationLoss, recipe: TrainingRecipe) {
    self.lab = lab
    self.loss = loss
    self.recipe = recipe
  }

  /// Trains (or loads) the teacher, distils the student from it, and trains the student
  /// from scratch; throws a learner-facing error when the models do not fit the dataset or
  /// each other, or when training is stopped.
  public func run(
    teacher: ModelDescription,
    teacherSpec: String,
    student: ModelDescription,
    studentSpec: String,
    on dataset: Dataset,
    progress: (Stage, TrainingEvent) -> Void = { _, _ in },
    isCancelled: () -> Bool = { false }
  ) throws -> Run {
    try loss.validate()
    try recipe.validate()
    let teacherData = dataset.fitted(to: teacher.inputShape.dimensions)
    let studentData = dataset.fitted(to: student.inputShape.dimensions)
    try check(
      teacher: teacher,
      student: student,
      teacherData: teacherData,
      studentData: studentData
    )
    let teacherRun = try lab.train(
      teacher,
      spec: teacherSpec,
      on: teacherData,
      recipe: recipe,
      progress: { progress(.teacher, $0) },
      isCancelled: isCancelled
    )
    try stopIfCancelled(teacherRun, "the teacher")
    let distilled = try distill(
      teacherRun,
      teacherSpec: teacherSpec,
      student: student,
      studentSpec: studentSpec,
      dataset: studentData,
      progress: { progress(.student, $0) },
      isCancelled: isCancelled
    )
    try stopIfCancelled(distilled, "the distilled student")
    let scratch = try lab.train(
      student,
      spec: studentSpec,
      on: studentData,
      recipe: recipe,
      progress: { progress(.scratch, $0) },
      isCancelled: isCancelled
    )
    try stopIfCancelled(scratch, "the student from scratch")
    return Run(teacher: teacherRun, student: distilled, scratch: scratch)
  }

  /// The cache key of a distilled student: both specs, the loss settings and the recipe.
  public func cacheSpec(teacherSpec: String, studentSpec: String) -> String {
    "distill(T=\(loss.temperature),alpha=\(loss.alpha)) teacher{\(teacherSpec)} student{\(studentSpec)}"
  }

  /// Distils `student` from a trained teacher, or loads the same distillation from the cache.
  func distill(
    _ teacher: ModelLab.TrainedModel,
    teacherSpec: String,
    student: ModelDescription,
    studentSpec: String,
    dataset: Dataset,
    progress: (TrainingEvent) -> Void,
    isCancelled: () -> Bool
  ) throws -> ModelLab.TrainedModel {
    // The student trains while the teacher runs on the same batches: both at once.
    let studentUse = MemoryEstimate.Use.training(
      batch: recipe.batchSize,
      optimizerSlots: recipe.optimizerSlots
    )
    let teacherUse = MemoryEstimate.Use.inference(batch: recipe.batchSize)
    try lab.memoryBudget.check(
      MemoryEstimate(model: student, use: studentUse).total
        + MemoryEstimate(model: teacher.model, use: teacherUse).total,
      for: "distilling into this student beside its teacher at batch \(recipe.batchSize)",
      batch: recipe.batchSize
    )
    var network = try NetworkBuilder.network(
      for: student,
      task: dataset.task,
      seed: recipe.seed,
      use: studentUse,
      budget: lab.memoryBudget
    )
    let key = cacheSpec(teacherSpec: teacherSpec, studentSpec: studentSpec)
    let file = lab.cacheFile(spec: key, dataset: dataset.name, recipe: recipe)
    if let file, FileManager.default.fileExists(atPath: file),
      let stored = try? SafeTensorsFile.read(from: file),
      (try? lab.load(stored, into: &network)) != nil
    {
      return ModelLab.TrainedModel(
        network: network,
        model: student,
        dataset: dataset,
        recipe: recipe,
        completedEpochs: recipe.epochs,
        trainSeconds: Double(stored.metadata["train_seconds"] ?? "") ?? 0,
        fromCache: true,
        file: file
      )
    }
    let teacherLogits = try Self.logits(
      of: try Self.logitsNetwork(teacher.network),
      on: teacher.dataset.train
    )
    let classes = teacher.network.outputShape.reduce(1, *)
    var logits = try Self.logitsNetwork(network)
    let trainer = recipe.trainer(loss: .sparseCategoricalCrossEntropy)
    let loss = loss
    let history: TrainingHistory
    do {
      history = try trainer.fit(
        &logits,
        on: dataset.train,
        batchLoss: { batch in
          var teacherBatch = [Float]()
          teacherBatch.reserveCapacity(batch.indices.count * classes)
          for index in batch.indices {
            teacherBatch += teacherLogits[(index * classes)..<((index + 1) * classes)]
          }
          return loss.evaluate(
            student: batch.output,
            teacher: teacherBatch[...],
            labels: batch.targets
          )
        },
        validate: { network throws(NetworkError) in
          try Self.hardEvaluation(network, on: dataset.test)
        },
        progress: progress,
        isCancelled: isCancelled
      )
    } catch {
      throw EngineError.unsupported("\(error)")
    }
    do {
      try network.load(logits.namedWeights())
    } catch {
      throw EngineError.unsupported("\(error)")
    }
    try ModelLab.requireFinite(network, history: history, recipe: recipe)
    let seconds = LatencyReport.seconds(history.elapsed)
    var stored: String?
    if let file, !history.cancelled {
      try? FileManager.default.createDirectory(
        atPath: (file as NSString).deletingLastPathComponent,
        withIntermediateDirectories: true
      )
      let weights = lab.weightFile(
        network,
        metadata: [
          "spec": key, "dataset": dataset.name, "recipe": recipe.key,
          "train_seconds": String(seconds),
        ]
      )
      if (try? weights.write(to: file, overwrite: true)) != nil { stored = file }
    }
    return ModelLab.TrainedModel(
      network: network,
      model: student,
      dataset: dataset,
      recipe: recipe,
      completedEpochs: history.epochs.count,
      trainSeconds: seconds,
      fromCache: false,
      file: stored
    )
  }

  /// The same network without its final softmax or sigmoid: it outputs logits.
  ///
  /// The last layer's squashing activation becomes linear (`replacingActivation`: a dense
  /// layer keeps its kernel, an activation layer becomes the identity). Weights are copied.
  public static func logitsNetwork(_ network: Network) throws(EngineError) -> Network {
    var configs = network.layers.map(\.config)
    guard let last = configs.last else {
      throw .invalidArgument("the model has no layers to distil")
    }
    switch last.finalActivation {
    case .linear:
      break
    case .softmax, .sigmoid:
      guard let linear = last.layer.replacingActivation(with: .linear) else { fallthrough }
      configs[configs.count - 1] = TrainableLayerConfig(linear)
    default:
      throw .invalidArgument(
        "distillation needs logits: end the model with dense(classes) or dense(classes,softmax)"
      )
    }
    do {
      var logits = try Network(inputShape: network.inputShape, layers: configs, seed: 0)
      try logits.load(network.namedWeights())
      return logits
    } catch {
      throw .unsupported("\(error)")
    }
  }

  /// The logits of `network` on every example, row-major.
  static func logits(of network: Network, on examples: ExampleSet) throws -> [Float] {
    var result = [Float]()
    result.reserveCapacity(examples.count * network.outputShape.reduce(1, *))
    var start = 0
    while start < examples.count {
      let end = min(examples.count, start + 256)
      result += try network.predict(examples.features.items(start..<end)).scalars
      start = end
    }
    return result
  }

  /// Cross-entropy and accuracy of a logits network on `examples`.
  static func hardEvaluation(_ network: Network, on examples: ExampleSet) throws(NetworkError)
    -> Evaluation
  {
    let hard = DistillationLoss(temperature: 1, alpha: 0)
    var lossSum = 0.0
    var correct = 0
    var start = 0
    while start < examples.count {
      let end = min(examples.count, start + 256)
      let output = try network.predict(examples.features.items(start..<end))
      let result = hard.evaluate(
        student: output,
        teacher: [Float](repeating: 0, count: output.count)[...],
        labels: examples.targets[start..<end]
      )
      lossSum += result.loss * Double(end - start)
      correct += result.correct ?? 0
      start = end
    }
    let n = max(1, examples.count)
    return Evaluation(
      loss: lossSum / Double(n),
      accuracy: Double(correct) / Double(n),
      count: examples.count
    )
  }

  func check(
    teacher: ModelDescription,
    student: ModelDescription,
    teacherData: Dataset,
    studentData: Dataset
  ) throws {
    guard teacherData.task == .classification else {
      throw EngineError.invalidArgument(
        "distillation needs a classification dataset; '\(teacherData.name)' is a regression set"
      )
    }
    let pairs = [("teacher", teacher, teacherData), ("student", student, studentData)]
    for (role, model, dataset) in pairs {
      do {
        try dataset.fits(inputShape: model.inputShape.dimensions)
        try lab.checkOutputs(model, dataset)
      } catch {
        throw EngineError.invalidArgument("the \(role): \(error)")
      }
    }
    guard teacher.outputShape.dimensions == student.outputShape.dimensions else {
      let shape = { (model: ModelDescription) in
        model.outputShape.dimensions.map(String.init).joined(separator: "x")
      }
      throw EngineError.invalidArgument(
        "the teacher ends with \(shape(teacher)) outputs but the student with \(shape(student)); give both the same last layer size"
      )
    }
  }

  func stopIfCancelled(_ trained: ModelLab.TrainedModel, _ what: String) throws {
    guard trained.fromCache || trained.completedEpochs >= recipe.epochs else {
      throw EngineError.invalidArgument(
        "stopped while training \(what); nothing was measured (finished trainings stay cached)"
      )
    }
  }
}
