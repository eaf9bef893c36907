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

  /// What `--json` prints: the three measured models and the settings.
  struct Report: Encodable {
    let teacher: MeasuredModel
    let student: MeasuredModel
    let studentFromScratch: MeasuredModel
    let temperature: Double
    let alpha: Double
    let dataset: String
    let epochs: Int
    /// Precision, recall, F1 and the confusion matrix of each model.
    var classification: Classification? = nil

    struct Classification: Encodable {
      let teacher: ClassificationMetrics
      let student: ClassificationMetrics
      let studentFromScratch: ClassificationMetrics
    }
  }

  /// Passes over the training split without `--epochs`: twice `calc train`'s, since soft
  /// targets pay off over more passes.
  static let defaultEpochs = 10

  mutating func run() throws {
    let context = CommandContext(global)
    let template = try training.validatedRecipe(
      seed: context.seed,
      defaultEpochs: Self.defaultEpochs
    )
    let epochs = template.epochs
    guard temperature.isFinite, temperature > 0, temperature <= 100 else {
      throw GoldilocksError.invalidValue(
        "--temperature must be above 0 and at most 100 (4 is typical), got \(temperature)"
      )
    }
    guard alpha.isFinite, alpha >= 0, alpha <= 1 else {
      throw GoldilocksError.invalidValue("--alpha must be between 0 and 1, got \(alpha)")
    }
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
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    let data = try lab.dataset(dataset)
    let settings = DistillationLoss(temperature: temperature, alpha: alpha)
    let teacherSpec = (try? ModelSpec.expandedText(teacherInput.text)) ?? teacherInput.text
    let studentSpec = (try? ModelSpec.expandedText(studentInput.text)) ?? studentInput.text
    let reporter = StageReporter(context: context)
    if !context.session.isREPL { InterruptFlag.installHandler() }
    InterruptFlag.shared.clear()
    defer { InterruptFlag.shared.clear() }
    let seeds = repeating.seeds(from: context.seed)
    var reports: [Report] = []
    var runs: [Distiller.Run] = []
    for seed in seeds {
      var recipe = template
      recipe.seed = seed
      let run = try Distiller(lab: lab.lab, loss: settings, recipe: recipe).run(
        teacher: teacherModel,
        teacherSpec: teacherSpec,
        student: studentModel,
        studentSpec: studentSpec,
        on: data,
        progress: { stage, event in
          reporter.handle(stage: Self.stageTitle(stage), event: event)
        },
        isCancelled: { InterruptFlag.shared.isRaised }
      )
      let measure = { (trained: ModelLab.TrainedModel) in
        try lab.lab.measure(
          trained.network,
          on: trained.dataset,
          trainSeconds: trained.trainSeconds
        )
      }
      runs.append(run)
      reports.append(
        Report(
          teacher: try measure(run.teacher),
          student: try measure(run.student),
          studentFromScratch: try measure(run.scratch),
          temperature: temperature,
          alpha: alpha,
          dataset: data.name,
          epochs: epochs
        )
      )
    }
    var report = reports[0]
    let run = runs[0]
    if let teacher = try lab.lab.classificationMetrics(
      run.teacher.network,
      on: run.teacher.dataset
    ),
      let student = try lab.lab.classificationMetrics(run.student.network, on: run.student.dataset),
      let scratch = try lab.lab.classificationMetrics(run.scratch.network, on: run.scratch.dataset)
    {
      report.classification = .init(teacher: teacher, student: student, studentFromScratch: scratch)
    }
    let accuracy = IntervalFormat.accuracyVerdict(
      before: reports.map(\.studentFromScratch.accuracy),
      after: reports.map(\.student.accuracy),
      metric: "accuracy"
    )
    let repeated = RepeatedReport(reports, seeds: seeds, verdict: accuracy.verdict)
    lab.record(command: "calc distill", spec: "\(teacherSpec) => \(studentSpec)", result: report)
    if context.json {
      if let repeated, repeating.isRepeated {
        try context.printJSON(repeated)
      } else {
        try context.printJSON(report)
      }
      return
    }
    let rows: [(String, MeasuredModel, Bool)] = [
      ("teacher", report.teacher, run.teacher.fromCache),
      ("student (distilled)", report.student, run.student.fromCache),
      ("student (from scratch)", report.studentFromScratch, run.scratch.fromCache),
    ]
    let table = TextTable(
      header: ["model", "params", "file bytes", "accuracy", "p50 latency", "train s"],
      rows: rows.map { name, measured, cached in
        [
          name, NumberFormat.grouped(measured.params), NumberFormat.grouped(measured.sizeBytes),
          String(format: "%.4f", measured.accuracy), CalcTrainCommand.ms(measured.latencyMs.p50),
          String(format: "%.2f", measured.trainSeconds) + (cached ? " (cached)" : ""),
        ]
      },
      alignments: [.left, .right, .right, .right, .right, .right]
    )
    let gap = (report.teacher.accuracy - report.student.accuracy) * 100
    var verdict =
      "Distilled student against the same student from scratch: " + accuracy.sentence + "."
    if case .worse = accuracy.verdict {
      verdict += " Try more epochs, another temperature, or another alpha."
    }
    context.output.line(
      context.color.apply(
        .bold,
        to:
          "Distilled \(studentInput.text) from \(teacherInput.text) on \(data.name) (T = \(SpecRewriter.number(temperature)), alpha = \(SpecRewriter.number(alpha)), \(epochs) epochs)"
      )
    )
    var classification: [String] = []
    if let figures = report.classification {
      classification.append(
        ClassificationSummary.comparison([
          ("teacher", figures.teacher), ("distilled", figures.student),
          ("from scratch", figures.studentFromScratch),
        ])
      )
      classification += ClassificationSummary.confusion(figures.student, of: "distilled student")
    }
    // On imbalanced data the classification figures lead; accuracy alone misleads there.
    let leads = report.classification?.student.isImbalanced() ?? false
    if leads, let figures = report.classification {
      context.output.line(
        (classification + [ClassificationSummary.imbalanceNote(figures.student)])
          .joined(separator: "\n")
      )
    }
    context.output.line(table.render())
    if !leads && !classification.isEmpty {
      context.output.line(classification.joined(separator: "\n"))
    }
    if let repeated, repeating.isRepeated {
      context.say(
        "Over \(seeds.count) seeds: teacher \(IntervalFormat.text(repeated.teacher.accuracy)), distilled \(IntervalFormat.text(repeated.student.accuracy)), from scratch \(IntervalFormat.text(repeated.studentFromScratch.accuracy)) (the table shows seed \(context.seed))."
      )
    }
    context.say(verdict)
    context.say(
      "The teacher is \(String(format: "%.2f", gap)) points above the distilled student with \(String(format: "%.1f", Double(report.teacher.params) / Double(max(1, report.student.params))))× its parameters."
    )
  }

  static func stageTitle(_ stage: Distiller.Stage) -> String {
    switch stage {
    case .teacher: "teacher"
    case .student: "student, distilled"
    case .scratch: "student, from scratch"
    }
  }
}

/// Prints training progress for runs of several trainings, with a heading line each time
/// the training changes.
final class StageReporter {
  private let context: CommandContext
  private let reporter: TrainingReporter
  private var current: String?

  init(context: CommandContext) {
    self.context = context.forInteraction()
    reporter = TrainingReporter(context: context)
  }

  func handle(stage: String, event: TrainingEvent) {
    if stage != current {
      current = stage
      context.output.line("Training the \(stage):")
    }
    reporter.handle(event)
  }
}

extension CalcDistillCommand {
  /// What `--json` prints with `--repeats`: each model's figures as 95 % intervals over the
  /// seeds, and the verdict on distilled against from-scratch accuracy.
  struct RepeatedReport: Encodable {
    let teacher: RepeatedMeasuredModel
    let student: RepeatedMeasuredModel
    let studentFromScratch: RepeatedMeasuredModel
    let temperature: Double
    let alpha: Double
    let dataset: String
    let epochs: Int
    let seeds: [UInt64]
    /// Distilled minus from-scratch accuracy, in points, paired by seed.
    let accuracyDifferencePoints: ConfidenceInterval?
    /// "more accurate", "less accurate", "no measurable difference" or "one run".
    let verdict: String

    init?(_ reports: [Report], seeds: [UInt64], verdict: Verdict, regression: Bool = false) {
      guard let first = reports.first,
        let teacher = RepeatedMeasuredModel(reports.map(\.teacher), regression: regression),
        let student = RepeatedMeasuredModel(reports.map(\.student), regression: regression),
        let scratch = RepeatedMeasuredModel(
          reports.map(\.studentFromScratch),
          regression: regression
        )
      else { return nil }
      self.teacher = teacher
      self.student = student
      studentFromScratch = scratch
      temperature = first.temperature
      alpha = first.alpha
      dataset = first.dataset
      epochs = first.epochs
      self.seeds = seeds
      accuracyDifferencePoints = verdict.interval
      self.verdict =
        switch verdict {
        case .better: "more accurate"
        case .worse: "less accurate"
        case .noMeasurableDifference: "no measurable difference"
        case .notMeasured: "one run"
        }
    }
  }
}
