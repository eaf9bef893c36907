import Engine
import Foundation

/// Turns an engine refusal into the learner's next step on the command line.
///
/// The engine's errors carry values (bytes needed, the learning rate used); only the
/// command layer knows which option changes them, so the flag advice is added here.
enum EngineErrorAdvice {
  /// The error's message with the option to use, or nil when no option helps.
  static func describe(_ error: EngineError) -> String? {
    switch error {
    case .memoryBudgetExceeded(let needed, _, _, _):
      let gigabytes = max(1, Int64((Double(needed) / 1e9).rounded(.up)) + 1)
      return
        "\(error.description), or, if this machine really has the memory, raise the budget with --memory-budget (e.g. --memory-budget \(gigabytes)GB)"
    case .trainingDiverged(_, let learningRate):
      return "\(error.description), e.g. --lr \(learningRate / 10)"
    case .outOfRange(let setting, _, _):
      return "\(option(for: setting)): \(error.description)"
    case .languageModelOnly(let model, _):
      return
        "\(error.description). calc train \(model) --dataset shakespeare --steps N trains it, calc generate samples it, calc quantize, calc prune and calc distill compress it, calc summary answers its size"
    default:
      return nil
    }
  }

  /// A dataset refusal with the command that uses the dataset, or nil when none helps.
  static func describe(_ error: DatasetError) -> String? {
    switch error {
    case .textCorpus(let name):
      return
        "\(error.description); calc train tiny-gpt (or tiny-lstm) --dataset \(name) --steps N and calc generate use it"
    default:
      return nil
    }
  }

  /// The command-line option that sets `setting`.
  static func option(for setting: Hyperparameter) -> String {
    switch setting {
    case .epochs: "--epochs"
    case .batchSize: "--batch"
    case .optimizer: "--optimizer"
    case .learningRate: "--lr"
    case .weightPenalty: "--l1/--l2"
    case .sparsity, .structuredFraction: "--sparsity"
    case .fineTuningEpochs: "--finetune-epochs"
    case .temperature: "--temperature"
    case .alpha: "--alpha"
    case .augmentedCopies: "--copies"
    }
  }
}
