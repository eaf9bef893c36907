import Engine
import Lab

extension CalcQuantizeCommand {
  /// `calc quantize tiny-gpt`: group-wise weight-only int8/int4 of a trained language model.
  func quantizeLanguageModel(
    _ model: ModelDescription,
    configuration: GPTConfiguration,
    context: CommandContext
  ) throws {
    try LanguageModelOptions.refuseClassicTraining(training, repeating)
    if perChannel || asymmetric {
      throw GoldilocksError.invalidValue(
        "\(perChannel ? "--per-channel" : "--asymmetric"): a language model is quantized group-wise and symmetric (one scale per --group inputs of a row); drop it"
      )
    }
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    try LanguageCompressionRun(context: context, lab: lab, options: language, batch: training.batch)
      .quantize(
        model: model,
        configuration: configuration,
        dataset: dataset,
        target: to,
        groupSize: group
      )
  }

  /// Refuses the language-model options for another model.
  func refuseLanguageModelOptions(for model: String) throws {
    try language.refuse(for: model)
    if group != nil {
      throw GoldilocksError.invalidValue(
        "--group: only language models such as tiny-gpt are quantized group-wise; \(model) takes --per-channel for one scale per output channel"
      )
    }
  }
}
