import Engine
import Lab

extension CalcPruneCommand {
  /// `calc prune tiny-gpt`: magnitude or structured (heads, MLP features) pruning of a trained
  /// language model.
  func pruneLanguageModel(
    _ model: ModelDescription,
    configuration: GPTConfiguration,
    context: CommandContext
  ) throws {
    try LanguageModelOptions.refuseClassicTraining(training, repeating)
    if schedule != nil {
      throw GoldilocksError.invalidValue(
        "--schedule: a language model is pruned once (then optionally fine-tuned with --finetune-steps N); drop --schedule"
      )
    }
    if givenFinetuneEpochs != nil {
      throw GoldilocksError.invalidValue(
        "--finetune-epochs: a language model fine-tunes in steps; give --finetune-steps N instead"
      )
    }
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    try LanguageCompressionRun(context: context, lab: lab, options: language, batch: training.batch)
      .prune(
        model: model,
        configuration: configuration,
        dataset: dataset,
        sparsity: sparsity,
        structured: structured,
        global: globalRanking,
        units: units,
        finetuneSteps: finetuneSteps
      )
  }

  /// Refuses the language-model options for another model.
  func refuseLanguageModelOptions(for model: String) throws {
    try language.refuse(for: model)
    if let flag = [("--finetune-steps", finetuneSteps != nil), ("--units", units != nil)]
      .first(where: \.1)?.0
    {
      throw GoldilocksError.invalidValue(
        "\(flag): only language models such as tiny-gpt take it; \(model) fine-tunes with --finetune-epochs N and --structured removes its neurons or filters"
      )
    }
  }
}
