import Foundation

/// How a language model is trained: nanoGPT's `shakespeare_char` recipe for a CPU by default.
///
/// Steps of `batchSize` random windows of the training text, AdamW (β₁ 0.9, β₂ 0.99, weight
/// decay 0.1 on every tensor of two or more dimensions), a linear warm-up over
/// `warmupSteps` then cosine decay from `learningRate` to `minimumLearningRate` at the last
/// step, and gradient clipping at global norm `gradientClip`.
public struct LanguageTrainingRecipe: Sendable, Equatable {
  /// Optimizer steps.
  public var steps: Int
  /// Windows per step.
  public var batchSize: Int
  /// The peak learning rate.
  public var learningRate: Double
  /// The learning rate the cosine ends at.
  public var minimumLearningRate: Double
  /// Steps of linear warm-up.
  public var warmupSteps: Int
  /// AdamW's first-moment decay.
  public var beta1: Double
  /// AdamW's second-moment decay.
  public var beta2: Double
  /// Decoupled weight decay on matrices and embeddings.
  public var weightDecay: Double
  /// The largest global gradient norm; larger gradients are scaled down to it.
  public var gradientClip: Double
  /// Seeds the batches (the initial weights too).
  public var seed: UInt64

  /// The default batch (nanoGPT's CPU setting).
  public static let defaultBatchSize = 12
  /// The largest step count accepted.
  public static let maximumSteps = 1_000_000
  /// The largest batch accepted.
  public static let maximumBatchSize = 4_096

  /// nanoGPT's recipe for `steps` steps.
  public init(
    steps: Int,
    batchSize: Int = LanguageTrainingRecipe.defaultBatchSize,
    learningRate: Double = 1e-3,
    minimumLearningRate: Double = 1e-4,
    warmupSteps: Int = 100,
    beta1: Double = 0.9,
    beta2: Double = 0.99,
    weightDecay: Double = 0.1,
    gradientClip: Double = 1.0,
    seed: UInt64 = 42
  ) {
    self.steps = steps
    self.batchSize = batchSize
    self.learningRate = learningRate
    self.minimumLearningRate = minimumLearningRate
    self.warmupSteps = warmupSteps
    self.beta1 = beta1
    self.beta2 = beta2
    self.weightDecay = weightDecay
    self.gradientClip = gradientClip
    self.seed = seed
  }

  /// Checks the values a learner can set.
  public func validate() throws(EngineError) {
    guard (1...LanguageTrainingRecipe.maximumSteps).contains(steps) else {
      throw .invalidArgument(
        "the step count must be between 1 and \(LanguageTrainingRecipe.maximumSteps), got \(steps)"
      )
    }
    guard (1...LanguageTrainingRecipe.maximumBatchSize).contains(batchSize) else {
      throw .invalidArgument(
        "the batch must be between 1 and \(LanguageTrainingRecipe.maximumBatchSize) windows, got \(batchSize)"
      )
    }
  }

  /// The learning rate of step `step` (0-based), as nanoGPT's `get_lr` with
  /// `lr_decay_iters = steps`.
  public func learningRate(at step: Int) -> Double {
    if step < warmupSteps {
      return learningRate * Double(step + 1) / Double(warmupSteps + 1)
    }
    if step > steps { return minimumLearningRate }
    let span = Double(max(steps - warmupSteps, 1))
    let ratio = min(1, Double(step - warmupSteps) / span)
    let coefficient = 0.5 * (1 + cos(Double.pi * ratio))
    return minimumLearningRate + coefficient * (learningRate - minimumLearningRate)
  }

  /// Text identifying the recipe in a cache key.
  public var key: String {
    "steps=\(steps),batch=\(batchSize),lr=\(learningRate),min=\(minimumLearningRate),"
      + "warmup=\(warmupSteps),betas=\(beta1)/\(beta2),wd=\(weightDecay),clip=\(gradientClip),"
      + "seed=\(seed)"
  }
}
