/// A training or compression setting the engine checks before it runs, in the field's words.
///
/// An out-of-range value is refused with `EngineError.outOfRange`, which carries the setting,
/// the value given and the allowed range; only the command layer knows which option set it, so
/// it turns the setting into flag advice (`--epochs`, `--lr`, …).
public enum Hyperparameter: String, Sendable, CaseIterable {
  /// Passes over the training split.
  case epochs
  /// Examples per optimizer step.
  case batchSize
  /// The optimizer's name (adam or sgd).
  case optimizer
  /// The optimizer's step size.
  case learningRate
  /// The L1 and L2 weight penalties.
  case weightPenalty
  /// The fraction of weights that magnitude pruning removes.
  case sparsity
  /// The fraction of neurons or filters that structured pruning removes.
  case structuredFraction
  /// Passes over the training split after pruning.
  case fineTuningEpochs
  /// The softmax temperature of distillation's soft targets.
  case temperature
  /// The weight of distillation's soft-target term.
  case alpha
  /// Augmented copies of each training image.
  case augmentedCopies

  /// The setting as a sentence names it ("the learning rate").
  public var phrase: String {
    switch self {
    case .epochs: "epochs"
    case .batchSize: "the batch size"
    case .optimizer: "the optimizer"
    case .learningRate: "the learning rate"
    case .weightPenalty: "the L1 and L2 penalties"
    case .sparsity: "the sparsity"
    case .structuredFraction: "the fraction of neurons or filters removed"
    case .fineTuningEpochs: "fine-tuning epochs"
    case .temperature: "the distillation temperature"
    case .alpha: "the distillation alpha (weight of the soft targets)"
    case .augmentedCopies: "augmented copies"
    }
  }
}
