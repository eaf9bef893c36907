import Engine

/// How a model is trained: everything that decides its weights, so that two runs with
/// the same recipe on the same spec and dataset give the same model (and share a cache).
public struct TrainingRecipe: Sendable, Equatable, Hashable, Codable {
  public var epochs: Int
  public var batchSize: Int
  /// `adam` or `sgd`.
  public var optimizer: String
  public var learningRate: Double
  public var l1: Double
  public var l2: Double
  public var seed: UInt64

  /// Passes over the training split when a command is not told otherwise.
  public static let defaultEpochs = 5
  /// Examples per step when a command is not told otherwise.
  public static let defaultBatchSize = 32
  /// The optimizer when a command is not told otherwise.
  public static let defaultOptimizer = "adam"

  public init(
    epochs: Int = defaultEpochs,
    batchSize: Int = defaultBatchSize,
    optimizer: String = defaultOptimizer,
    learningRate: Double? = nil,
    l1: Double = 0,
    l2: Double = 0,
    seed: UInt64 = 42
  ) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.optimizer = optimizer
    self.learningRate = learningRate ?? (optimizer == "sgd" ? 0.01 : 0.001)
    self.l1 = l1
    self.l2 = l2
    self.seed = seed
  }

  /// Checks the values a learner typed.
  public func validate() throws(EngineError) {
    guard epochs >= 1, epochs <= 1000 else {
      throw .outOfRange(.epochs, value: "\(epochs)", allowed: "between 1 and 1000")
    }
    guard batchSize >= 1, batchSize <= 65_536 else {
      throw .outOfRange(.batchSize, value: "\(batchSize)", allowed: "between 1 and 65536")
    }
    guard optimizer == "adam" || optimizer == "sgd" else {
      throw .outOfRange(.optimizer, value: optimizer, allowed: "adam or sgd")
    }
    guard learningRate.isFinite, learningRate > 0, learningRate <= Self.largestLearningRate else {
      throw .outOfRange(
        .learningRate,
        value: "\(learningRate)",
        allowed:
          "above 0 and at most \(Self.largestLearningRate) (0.001 is typical for adam, 0.01 for sgd)"
      )
    }
    guard l1.isFinite, l2.isFinite, l1 >= 0, l2 >= 0, l1 <= 1, l2 <= 1 else {
      throw .outOfRange(
        .weightPenalty,
        value: "l1 \(l1), l2 \(l2)",
        allowed: "between 0 and 1 (0.001 is typical)"
      )
    }
  }

  /// The largest learning rate accepted: beyond it every optimizer here diverges.
  public static let largestLearningRate = 10.0

  /// Values the optimizer keeps per trainable weight: Adam's two moments, SGD's momentum.
  public var optimizerSlots: Int { optimizer == "sgd" ? 1 : 2 }

  /// The trainer for this recipe.
  public func trainer(loss: LossFunction) -> Trainer {
    Trainer(
      epochs: epochs,
      batchSize: batchSize,
      optimizer: optimizer == "sgd"
        ? .sgd(learningRate: Float(learningRate), momentum: 0.9, nesterov: false)
        : .adam(learningRate: Float(learningRate)),
      loss: loss,
      penalty: WeightPenalty(l1: Float(l1), l2: Float(l2)),
      seed: seed
    )
  }

  /// A short stable text of the recipe, part of the weight cache's key.
  public var key: String {
    "e\(epochs)-b\(batchSize)-\(optimizer)-lr\(learningRate)-l1_\(l1)-l2_\(l2)-s\(seed)"
  }
}
