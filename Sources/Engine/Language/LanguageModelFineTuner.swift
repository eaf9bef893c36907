import Foundation

/// Trains a `GPTModel` after compression.
///
/// It fine-tunes a pruned model with its mask held (pruned weights set back to zero after
/// every update, as TF-MOT does), or trains a student on a teacher's soft targets (Hinton
/// et al. 2015).
///
/// Batches, learning-rate schedule, AdamW and clipping are `LanguageModelTrainer`'s, with the
/// same seeded windows. With a teacher, the gradient at the student's logits z (per row,
/// averaged over rows like the loss) is
///
///     (1 − alpha) · (softmax(z) − onehot(target)) + alpha · T · (softmax(z/T) − softmax(t/T))
///
/// the gradient of (1 − alpha) · cross-entropy + alpha · T² · KL(softmax(t/T) ‖ softmax(z/T)),
/// where t are the teacher's logits on the same window.
public struct LanguageModelFineTuner: Sendable {
  /// Steps, batch, schedule and seed.
  public var recipe: LanguageTrainingRecipe
  /// 1 for every kept parameter, 0 for a pruned one; `nil`: nothing held at zero.
  public var mask: [Float]?
  /// The teacher whose soft targets the model learns; `nil`: plain cross-entropy.
  public var teacher: GPTModel?
  /// Softmax temperature T of the soft targets.
  public var temperature: Double
  /// Weight of the soft-target term.
  public var alpha: Double

  /// A fine-tuner; without `teacher` it trains on the labels only.
  public init(
    recipe: LanguageTrainingRecipe,
    mask: [Float]? = nil,
    teacher: GPTModel? = nil,
    temperature: Double = 1,
    alpha: Double = 0
  ) {
    self.recipe = recipe
    self.mask = mask
    self.teacher = teacher
    self.temperature = temperature
    self.alpha = alpha
  }

  /// Trains `model` in place on the corpus' training tokens.
  public func train(
    _ model: inout GPTModel,
    on corpus: CharacterCorpus,
    progress: (LanguageTrainingEvent) -> Void = { _ in },
    isCancelled: () -> Bool = { false }
  ) throws(EngineError) -> LanguageModelTrainer.Run {
    try recipe.validate()
    let tokens = model.configuration.contextLength
    let batch = recipe.batchSize
    guard corpus.train.count > tokens + 1,
      corpus.vocabularySize <= model.configuration.vocabularySize
    else {
      throw .invalidArgument(
        "the corpus '\(corpus.name)' does not fit the model: it needs more than \(tokens + 1) training characters and at most \(model.configuration.vocabularySize) symbols"
      )
    }
    if let teacher {
      guard teacher.configuration.vocabularySize == model.configuration.vocabularySize,
        teacher.configuration.contextLength >= tokens
      else {
        throw .invalidArgument(
          "the teacher and the student must share the vocabulary (\(teacher.configuration.vocabularySize) and \(model.configuration.vocabularySize) tokens) and the teacher must see the student's context"
        )
      }
    }
    if let mask { model.apply(mask: mask) }
    let workspace = GPTWorkspace(for: model, batch: batch, tokens: tokens)
    let teacherWorkspace = teacher.map {
      GPTWorkspace(for: $0, batch: batch, tokens: tokens, training: false)
    }
    var optimizer = AdamW(slots: model.parameters.slots)
    var windows = TrainingWindowSampler(batch: batch, tokens: tokens, seed: recipe.seed)
    var losses: [Double] = []
    let start = DispatchTime.now().uptimeNanoseconds
    var cancelled = false
    let vocabulary = model.configuration.vocabularySize
    for step in 0..<recipe.steps {
      if isCancelled() {
        cancelled = true
        break
      }
      windows.drawBatch(from: corpus.train)
      let loss = model.forward(
        inputs: windows.inputs,
        targets: windows.targets,
        batch: batch,
        tokens: tokens,
        workspace: workspace
      )
      guard loss.isFinite else {
        throw .trainingDiverged(epoch: step + 1, learningRate: recipe.learningRate(at: step))
      }
      if let teacher, let teacherWorkspace {
        _ = teacher.forward(
          inputs: windows.inputs,
          targets: nil,
          batch: batch,
          tokens: tokens,
          workspace: teacherWorkspace,
          keepGradient: false
        )
        Self.blendSoftTargets(
          student: workspace.logits.pointer,
          teacher: teacherWorkspace.logits.pointer,
          gradient: workspace.logitGradient.pointer,
          rows: batch * tokens,
          classes: vocabulary,
          temperature: temperature,
          alpha: alpha
        )
      }
      model.backward(batch: batch, tokens: tokens, workspace: workspace)
      LanguageModelTrainer.clip(workspace.gradients, to: recipe.gradientClip)
      optimizer.update(
        &model.parameters.values,
        gradients: workspace.gradients.pointer,
        learningRate: recipe.learningRate(at: step),
        recipe: recipe
      )
      if let mask { model.apply(mask: mask) }
      losses.append(loss)
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      progress(.stepEnded(step: step + 1, steps: recipe.steps, loss: loss, elapsed: elapsed))
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    if cancelled { progress(.cancelled(completed: losses.count)) }
    return LanguageModelTrainer.Run(
      completedSteps: losses.count,
      seconds: seconds,
      losses: losses,
      cancelled: cancelled
    )
  }

  /// Replaces the cross-entropy gradient at the logits, `(softmax(z) − onehot)/rows`, by
  /// `(1 − alpha)` times itself plus `alpha · T · (softmax(z/T) − softmax(t/T)) / rows`.
  static func blendSoftTargets(
    student: UnsafePointer<Float>,
    teacher: UnsafePointer<Float>,
    gradient: UnsafeMutablePointer<Float>,
    rows: Int,
    classes: Int,
    temperature: Double,
    alpha: Double
  ) {
    let t = Float(temperature)
    let hard = Float(1 - alpha)
    let soft = Float(alpha) * t / Float(rows)
    var p = [Float](repeating: 0, count: classes)
    var q = [Float](repeating: 0, count: classes)
    for r in 0..<rows {
      let z = student + r * classes
      let y = teacher + r * classes
      for j in 0..<classes {
        p[j] = z[j] / t
        q[j] = y[j] / t
      }
      p.withUnsafeMutableBufferPointer { LanguageMath.softmax($0.baseAddress!, count: classes) }
      q.withUnsafeMutableBufferPointer { LanguageMath.softmax($0.baseAddress!, count: classes) }
      let g = gradient + r * classes
      for j in 0..<classes { g[j] = hard * g[j] + soft * (p[j] - q[j]) }
    }
  }

  /// The soft-target loss T² · KL(softmax(t/T) ‖ softmax(z/T)) averaged over rows (for
  /// checking the gradient above against finite differences).
  static func softTargetLoss(
    student: [Float],
    teacher: [Float],
    rows: Int,
    classes: Int,
    temperature: Double
  ) -> Double {
    var total = 0.0
    for r in 0..<rows {
      let z = student[(r * classes)..<((r + 1) * classes)].map { Double($0) / temperature }
      let y = teacher[(r * classes)..<((r + 1) * classes)].map { Double($0) / temperature }
      let zMax = z.max() ?? 0
      let yMax = y.max() ?? 0
      let zLog = Foundation.log(z.reduce(0) { $0 + Foundation.exp($1 - zMax) }) + zMax
      let yLog = Foundation.log(y.reduce(0) { $0 + Foundation.exp($1 - yMax) }) + yMax
      for j in 0..<classes {
        let q = Foundation.exp(y[j] - yLog)
        total += q * ((y[j] - yLog) - (z[j] - zLog))
      }
    }
    return temperature * temperature * total / Double(rows)
  }
}
