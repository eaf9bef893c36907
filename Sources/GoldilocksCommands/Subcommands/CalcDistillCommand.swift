import ArgumentParser
import Engine
import Foundation
import Lab
import SpecLanguage
import Terminal

/// `calc distill`: distill a teacher into a student and compare with training from scratch.
struct CalcDistillCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "distill",
    abstract: "Distill a teacher into a student and compare with training from scratch.",
    discussion: """
      Trains the teacher (or reuses it from the weight cache), trains the student
      on the teacher's softened outputs, and trains the same student from scratch
      with the same epochs, batches, starting weights and seed, then measures all
      three. The student's loss (Hinton et al. 2015) is

        alpha · T² · KL(softmax(teacher/T) ‖ softmax(student/T))
          + (1 − alpha) · cross-entropy(labels, softmax(student))

      so alpha weights the soft-target term and 1 − alpha the hard labels. The T²
      factor keeps the soft term's gradient the same size whatever the
      temperature; without it a high temperature quietly switches the teacher off.
      Teacher and student must end with one output per class of the dataset
      (logits or softmax). The default of 10 epochs is twice `calc train`'s: soft
      targets pay off over more passes (on mnist after 5 epochs the distilled
      student is still about a point behind). Ctrl-C stops the run.

      With a language model as teacher (--teacher tiny-gpt), the student is a smaller
      GPT spec (such as tiny-gpt with x2 blocks), and --steps N trains the teacher
      (or reuses its cached weights) and both students, which start from the same
      weights and see the same batches. Reported: validation loss, perplexity, size
      and generation speed of all three, with 95 % intervals of the differences.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The teacher model (a spec or a preset such as teacher).") var teacher: String
  @Option(help: "The student model (a spec or a preset such as student).") var student: String
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(parsing: .unconditional, help: "Softmax temperature T for the soft targets (above 0).")
  var temperature: Double =
    4
  @Option(
    parsing: .unconditional,
    help: "Weight of the soft-target (teacher) term; 1 − alpha weights the hard labels."
  )
  var alpha: Double = 0.7
  @OptionGroup(title: "Training (the same for all three models)") var training: TrainingOptions
  @OptionGroup var repeating: RepeatOptions
  @OptionGroup var memory: MemoryOptions
  @OptionGroup(title: "Language models") var language: LanguageModelOptions

  /// Passes over the training split without `--epochs`: twice `calc train`'s, since soft
  /// targets pay off over more passes.
  static let defaultEpochs = 10

  func validate() throws {
    guard temperature.isFinite, temperature > 0, temperature <= 100 else {
      throw GoldilocksError.invalidValue(
        "--temperature must be above 0 and at most 100 (4 is typical), got \(temperature)"
      )
    }
    guard alpha.isFinite, alpha >= 0, alpha <= 1 else {
      throw GoldilocksError.invalidValue("--alpha must be between 0 and 1, got \(alpha)")
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let teacherInput = SpecInput([teacher])
    let studentInput = SpecInput([student])
    let teacherModel = try teacherInput.model(in: context)
    let studentModel = try studentInput.model(in: context)
    if let teacherConfiguration = GPTConfiguration(model: teacherModel) {
      try distillLanguageModel(
        teacherModel,
        configuration: teacherConfiguration,
        student: studentModel,
        context: context
      )
      return
    }
    try language.refuse(for: teacherInput.text)
    let distill = DistillRun(
      context: context,
      lab: LabContext(context: context, memoryBudget: try memory.budget())
    )
    let recipe = try training.validatedRecipe(seed: context.seed, defaultEpochs: Self.defaultEpochs)
    let outcome = try distill.run(
      teacher: teacherModel,
      teacherSpec: teacherInput,
      student: studentModel,
      studentSpec: studentInput,
      datasetName: dataset,
      loss: DistillationLoss(temperature: temperature, alpha: alpha),
      recipe: recipe,
      seeds: repeating.seeds(from: context.seed)
    )
    try distill.publish(
      outcome,
      teacher: teacherInput.text,
      student: studentInput.text,
      repeated: repeating.isRepeated
    )
  }
}
