import Engine
import Foundation
import Lab
import SpecLanguage
import Terminal

/// What `calc distill` reports for a classification model: the teacher, the distilled
/// student and the same student from scratch, measured alike, with the settings.
///
/// It is also what `--json` prints.
struct DistillReport: Encodable {
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

  /// What `--json` prints with `--repeats`: each model's figures as 95 % intervals over the
  /// seeds, and the verdict on distilled against from-scratch accuracy.
  struct Repeated: Encodable {
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

    init?(_ reports: [DistillReport], seeds: [UInt64], verdict: Verdict, regression: Bool = false) {
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
      self.verdict = IntervalFormat.word(verdict, better: "more accurate", worse: "less accurate")
    }
  }
}

extension DistillReport {
  /// The terminal report: the three models side by side (led by the classification figures
  /// on imbalanced data), the intervals over the seeds, the verdict and the gap.
  func lines(
    teacher teacherText: String,
    student studentText: String,
    cached: (teacher: Bool, student: Bool, scratch: Bool),
    accuracy: (verdict: Verdict, sentence: String),
    repeated: Repeated?,
    context: CommandContext
  ) -> (report: [String], sayings: [String]) {
    let rows: [(String, MeasuredModel, Bool)] = [
      ("teacher", teacher, cached.teacher),
      ("student (distilled)", student, cached.student),
      ("student (from scratch)", studentFromScratch, cached.scratch),
    ]
    let table = TextTable(
      header: ["model", "params", "file bytes", "accuracy", "p50 latency", "train s"],
      rows: rows.map { name, measured, cached in
        [
          name, NumberFormat.grouped(measured.params), NumberFormat.grouped(measured.sizeBytes),
          String(format: "%.4f", measured.accuracy),
          NumberFormat.milliseconds(measured.latencyMs.p50),
          String(format: "%.2f", measured.trainSeconds) + (cached ? " (cached)" : ""),
        ]
      },
      alignments: [.left, .right, .right, .right, .right, .right]
    )
    var lines = [
      context.color.apply(
        .bold,
        to:
          "Distilled \(studentText) from \(teacherText) on \(dataset) (T = \(SpecRewriter.number(temperature)), alpha = \(SpecRewriter.number(alpha)), \(epochs) epochs)"
      )
    ]
    var figures: [String] = []
    if let classification {
      figures.append(
        ClassificationSummary.comparison([
          ("teacher", classification.teacher), ("distilled", classification.student),
          ("from scratch", classification.studentFromScratch),
        ])
      )
      figures += ClassificationSummary.confusion(classification.student, of: "distilled student")
    }
    // On imbalanced data the classification figures lead; accuracy alone misleads there.
    let leads = classification?.student.isImbalanced() ?? false
    if leads, let classification {
      lines += figures + [ClassificationSummary.imbalanceNote(classification.student)]
    }
    lines.append(table.render())
    if !leads { lines += figures }
    var sayings: [String] = []
    if let repeated {
      sayings.append(
        "Over \(repeated.seeds.count) seeds: teacher \(IntervalFormat.text(repeated.teacher.accuracy)), distilled \(IntervalFormat.text(repeated.student.accuracy)), from scratch \(IntervalFormat.text(repeated.studentFromScratch.accuracy)) (the table shows seed \(context.seed))."
      )
    }
    var verdict =
      "Distilled student against the same student from scratch: " + accuracy.sentence + "."
    if case .worse = accuracy.verdict {
      verdict += " Try more epochs, another temperature, or another alpha."
    }
    sayings.append(verdict)
    let gap = (teacher.accuracy - student.accuracy) * 100
    sayings.append(
      "The teacher is \(String(format: "%.2f", abs(gap))) points \(gap < 0 ? "below" : "above") the distilled student with \(String(format: "%.1f", Double(teacher.params) / Double(max(1, student.params))))× its parameters."
    )
    return (lines, sayings)
  }
}
