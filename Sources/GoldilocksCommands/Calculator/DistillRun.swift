import Engine
import Foundation
import Lab
import Terminal

/// `calc distill` for a classification model: for each seed, trains the teacher (or reuses
/// it), distils the student from it and trains the same student from scratch, then measures
/// all three; the first seed's report carries the classification figures.
struct DistillRun {
  let context: CommandContext
  let lab: LabContext

  /// The first seed's report, the intervals over the seeds and the verdict on distilled
  /// against from-scratch accuracy.
  struct Outcome {
    let report: DistillReport
    /// `nil` when some figure is missing for an interval.
    let repeated: DistillReport.Repeated?
    let accuracy: (verdict: Verdict, sentence: String)
    /// Which of the first seed's three models came from the weight cache.
    let cached: (teacher: Bool, student: Bool, scratch: Bool)
    /// `teacher => student`, as the progress file records the run.
    let specs: String
  }

  /// Distils `student` from `teacher` on `datasetName` once per seed of `seeds`.
  func run(
    teacher: ModelDescription,
    teacherSpec teacherInput: SpecInput,
    student: ModelDescription,
    studentSpec studentInput: SpecInput,
    datasetName: String,
    loss: DistillationLoss,
    recipe template: TrainingRecipe,
    seeds: [UInt64]
  ) throws -> Outcome {
    let data = try lab.dataset(datasetName)
    let teacherSpec = teacherInput.expandedText
    let studentSpec = studentInput.expandedText
    let reporter = StageReporter(context: context)
    if !context.session.isREPL { InterruptFlag.installHandler() }
    InterruptFlag.shared.clear()
    defer { InterruptFlag.shared.clear() }
    var reports: [DistillReport] = []
    var runs: [Distiller.Run] = []
    for seed in seeds {
      var recipe = template
      recipe.seed = seed
      let run = try Distiller(lab: lab.lab, loss: loss, recipe: recipe).run(
        teacher: teacher,
        teacherSpec: teacherSpec,
        student: student,
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
        DistillReport(
          teacher: try measure(run.teacher),
          student: try measure(run.student),
          studentFromScratch: try measure(run.scratch),
          temperature: loss.temperature,
          alpha: loss.alpha,
          dataset: data.name,
          epochs: template.epochs
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
    return Outcome(
      report: report,
      repeated: DistillReport.Repeated(reports, seeds: seeds, verdict: accuracy.verdict),
      accuracy: accuracy,
      cached: (run.teacher.fromCache, run.student.fromCache, run.scratch.fromCache),
      specs: "\(teacherSpec) => \(studentSpec)"
    )
  }

  /// The heading of a training stage in the progress output.
  static func stageTitle(_ stage: Distiller.Stage) -> String {
    switch stage {
    case .teacher: "teacher"
    case .student: "student, distilled"
    case .scratch: "student, from scratch"
    }
  }
}
