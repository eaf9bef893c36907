import ArgumentParser
import Engine
import Foundation
import Lab
import Terminal

/// `calc train`: trains a model on a dataset and measures it.
struct CalcTrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a model on a dataset and measure it.",
    discussion: """
      Trains on the dataset's training split (a seeded, stratified 80/20 split),
      then measures on the held-out split: accuracy (R² for regression), the size
      of the safetensors file the weights are written to, and batch-1 latency
      (p50/p95/p99 after a warm-up). Trained weights are cached by spec, dataset,
      settings and seed, so a later run or what-if reuses them. Ctrl-C stops after
      the last finished epoch. A final linear layer on a classification set is
      trained as logits (softmax in the loss, as Keras' from_logits=True).

      Classifiers also get precision, recall and F1 per class, the confusion matrix
      and, for two classes, PR-AUC (average precision) and the positive class's
      figures at threshold 0.5; on imbalanced data (a class under 10 %) these come
      before accuracy. --repeats N trains with N seeds and reports each figure's mean
      with a 95 % interval (Student t over the seeds).

      A language model (tiny-gpt, tiny-lstm) trains on a text corpus (shakespeare) in
      --steps of --batch random 64-character windows (default 12) with nanoGPT's
      recipe: AdamW (0.9, 0.99, weight decay 0.1 on matrices and embeddings), 100
      warm-up steps, cosine decay from 1e-3 to 1e-4, gradient clipping at 1.0. An LSTM
      backpropagates through the whole window from a zero state. It reports the
      validation loss (mean cross-entropy over 240 fixed windows of the last 10 % of
      the text) and its perplexity; the weights are cached for calc generate.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(
    parsing: .unconditional,
    help: "Language models only: optimizer steps of --batch random windows (e.g. 2000)."
  )
  var steps: Int?
  @OptionGroup var training: TrainingOptions
  @OptionGroup var repeating: RepeatOptions
  @OptionGroup var memory: MemoryOptions

  mutating func run() throws {
    let context = CommandContext(global)
    let input = SpecInput(spec)
    let model = try input.model(in: context)
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    if let configuration = GPTConfiguration(model: model) {
      try trainLanguageModel(model, configuration: configuration, context: context, lab: lab)
      return
    }
    if let configuration = LSTMConfiguration(model: model) {
      try trainLanguageModel(model, configuration: configuration, context: context, lab: lab)
      return
    }
    if steps != nil {
      throw GoldilocksError.invalidValue(
        "--steps: only language models such as tiny-gpt and tiny-lstm train in steps; \(input.text) trains in passes over the data, give --epochs N"
      )
    }
    let data = try lab.dataset(dataset)
    let recipe = try training.validatedRecipe(seed: context.seed)
    if repeating.isRepeated {
      try runRepeated(model, input: input, data: data, context: context, lab: lab)
      return
    }
    // Once training has started (every check passed), the progress file opens on the idle
    // core while the model trains; the run is recorded in it afterwards.
    var storeOpening: DispatchGroup?
    defer { storeOpening?.wait() }
    var run = TrainRun(context: context, lab: lab)
    run.whenTrainingStarts = { storeOpening = context.openStoreInBackground() }
    let result = try run.train(
      model,
      spec: input.expandedText,
      dataset: data,
      recipe: recipe
    )
    try run.publish(
      result,
      heading: "Trained \(input.text) on \(dataset)",
      spec: input.expandedText,
      data: data,
      recipe: recipe
    )
  }

  /// `calc train` of a language model (a GPT or an LSTM): steps of random windows.
  func trainLanguageModel<Configuration: LanguageModelConfiguration>(
    _ model: ModelDescription,
    configuration: Configuration,
    context: CommandContext,
    lab: LabContext
  ) throws {
    if repeating.isRepeated {
      throw GoldilocksError.invalidValue(
        "--repeats: a language model trains once per command; run it again with --seed N to compare seeds"
      )
    }
    try LanguageModelRun(context: context, lab: lab).run(
      model: model,
      configuration: configuration,
      dataset: dataset,
      steps: steps,
      training: training
    )
  }
}
