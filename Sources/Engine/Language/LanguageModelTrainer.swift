import Foundation

/// What a language-model training run reports while it runs.
public enum LanguageTrainingEvent: Sendable {
  /// A step finished with this batch loss; `elapsed` seconds since the start.
  case stepEnded(step: Int, steps: Int, loss: Double, elapsed: Double)
  /// Ctrl-C: training stopped after `completed` steps.
  case cancelled(completed: Int)
}

/// Trains a language model (`GPTModel`, `LSTMLanguageModel`) on a `CharacterCorpus` with a `LanguageTrainingRecipe`, and measures
/// its validation loss.
public struct LanguageModelTrainer: Sendable {
  /// The recipe.
  public var recipe: LanguageTrainingRecipe

  /// Validation windows averaged for the validation loss: nanoGPT's CPU run averages 20
  /// batches of 12 random windows; these 240 windows are evenly spaced over the validation
  /// text instead, so every run and every model is measured on the same characters.
  public static let validationWindows = 240

  /// A trainer for `recipe`.
  public init(recipe: LanguageTrainingRecipe) {
    self.recipe = recipe
  }

  /// What a finished (or stopped) run did.
  public struct Run: Sendable {
    /// Steps finished.
    public var completedSteps: Int
    /// Wall-clock seconds of the training loop.
    public var seconds: Double
    /// The batch loss of every finished step.
    public var losses: [Double]
    /// Whether Ctrl-C stopped it.
    public var cancelled: Bool
  }

  /// Trains `model` in place on the corpus' training tokens.
  public func train<Model: TrainableLanguageModel>(
    _ model: inout Model,
    on corpus: CharacterCorpus,
    progress: (LanguageTrainingEvent) -> Void = { _ in },
    isCancelled: () -> Bool = { false }
  ) throws(EngineError) -> Run {
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
    let workspace = model.makeWorkspace(batch: batch, tokens: tokens, training: true)
    var optimizer = AdamW(slots: model.parameters.slots)
    var windows = TrainingWindowSampler(batch: batch, tokens: tokens, seed: recipe.seed)
    var losses: [Double] = []
    let start = DispatchTime.now().uptimeNanoseconds
    var cancelled = false
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
        workspace: workspace,
        keepGradient: true
      )
      guard loss.isFinite else {
        throw .trainingDiverged(epoch: step + 1, learningRate: recipe.learningRate(at: step))
      }
      model.backward(batch: batch, tokens: tokens, workspace: workspace)
      let gradients = workspace.gradientBuffer
      Self.clip(gradients, to: recipe.gradientClip)
      optimizer.update(
        &model.parameters.values,
        gradients: gradients.baseAddress!,
        learningRate: recipe.learningRate(at: step),
        recipe: recipe
      )
      losses.append(loss)
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      progress(.stepEnded(step: step + 1, steps: recipe.steps, loss: loss, elapsed: elapsed))
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    if cancelled { progress(.cancelled(completed: losses.count)) }
    return Run(completedSteps: losses.count, seconds: seconds, losses: losses, cancelled: cancelled)
  }

  /// Scales the gradients down so that their global L2 norm is at most `limit` (PyTorch's
  /// `clip_grad_norm_`: factor limit / (norm + 10⁻⁶) when below 1); returns the norm before.
  @discardableResult
  static func clip(_ gradients: FloatBuffer, to limit: Double) -> Double {
    clip(UnsafeMutableBufferPointer(start: gradients.pointer, count: gradients.count), to: limit)
  }

  /// `clip(_:to:)` over a buffer of gradients.
  @discardableResult
  static func clip(_ gradients: UnsafeMutableBufferPointer<Float>, to limit: Double) -> Double {
    guard let g = gradients.baseAddress else { return 0 }
    var total = 0.0
    var partial = SIMD8<Float>()
    var i = 0
    while i + 8 <= gradients.count {
      let value = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD8<Float>.self)
      partial.addProduct(value, value)
      i += 8
      if i % 4096 == 0 {
        total += Double(partial.sum())
        partial = SIMD8()
      }
    }
    total += Double(partial.sum())
    while i < gradients.count {
      total += Double(g[i] * g[i])
      i += 1
    }
    let norm = total.squareRoot()
    let factor = limit / (norm + 1e-6)
    if factor < 1 {
      let scale = Float(factor)
      for j in 0..<gradients.count { g[j] *= scale }
    }
    return norm
  }

  /// The mean cross-entropy (nats per character) of `model` over `validationWindows` windows
  /// of its context length, evenly spaced over `tokens`.
  public static func validationLoss<Model: TrainableLanguageModel>(
    _ model: Model,
    tokens: [Int32],
    windows: Int = validationWindows
  ) -> Double {
    let length = model.configuration.contextLength
    guard tokens.count > length + 1 else { return .nan }
    let count = min(windows, tokens.count - length - 1)
    let spacing = (tokens.count - length - 1) / count
    let batch = 24
    let workspace = model.makeWorkspace(batch: batch, tokens: length, training: false)
    var total = 0.0
    var window = 0
    while window < count {
      let size = min(batch, count - window)
      var inputs: [Int32] = []
      var targets: [Int32] = []
      inputs.reserveCapacity(size * length)
      targets.reserveCapacity(size * length)
      for w in window..<(window + size) {
        let offset = w * spacing
        inputs += tokens[offset..<(offset + length)]
        targets += tokens[(offset + 1)..<(offset + 1 + length)]
      }
      let loss = model.forward(
        inputs: inputs,
        targets: targets,
        batch: size,
        tokens: length,
        workspace: workspace,
        keepGradient: false
      )
      total += loss * Double(size)
      window += size
    }
    return total / Double(count)
  }
}
