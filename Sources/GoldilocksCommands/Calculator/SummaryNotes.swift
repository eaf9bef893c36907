import Engine
import SpecLanguage

/// The sentences `calc summary` adds under the table: how PyTorch's count differs from
/// Keras', and what the lab can do with the model (train and sample a language model; only
/// describe an analytic one).
enum SummaryNotes {
  /// The notes for `model`, whose table was counted by `counting` (`summary` and `buffers`
  /// are that count's figures).
  static func sentences(
    for model: ModelDescription,
    counting: CountingConvention,
    summary: ModelSummary,
    buffers: Int64
  ) -> [String] {
    var notes: [String] = []
    let text = LanguageModelRun.argument(of: model)
    if counting == .torch {
      notes.append(
        "Counted as PyTorch does: \(NumberFormat.grouped(summary.totalParams)) parameters and \(NumberFormat.grouped(buffers)) buffer values; Keras counts \(NumberFormat.grouped(model.totalParameters)) (\(NumberFormat.grouped(model.summary().nonTrainableParams)) of them non-trainable). See docs/foundation-models.md, \"Counting conventions\"."
      )
    }
    if GPTConfiguration(model: model) != nil {
      notes.append(
        "This is a GPT the language-model lab can train and sample: calc train \(text) --dataset shakespeare --steps 2000, then calc generate \(text) --prompt \"ROMEO:\" --tokens 256."
      )
    } else if let lstm = LSTMConfiguration(model: model) {
      notes.append(
        "This is an LSTM language model the lab can train and sample: calc train \(text) --dataset shakespeare --steps 2000, then calc generate \(text) --prompt \"ROMEO:\" --tokens 256. The lab builds it as PyTorch's nn.Embedding, nn.LSTM and nn.Linear, whose LSTM layers have two bias vectors where Keras's have one: \(NumberFormat.grouped(lstm.parameterCount)) parameters, as --convention torch counts."
      )
    } else if model.isAnalyticOnly {
      notes.append(
        "This model is analytic only: its size and memory come from its shapes; its blocks describe sizes, not kernels, so it cannot be trained or timed here."
      )
    }
    return notes
  }
}
