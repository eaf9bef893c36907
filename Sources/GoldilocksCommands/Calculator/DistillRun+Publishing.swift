import Terminal

extension DistillRun {
  /// Records the distillation and shows it: the three models' figures and the verdicts (or
  /// one JSON document, with intervals over the seeds when there were several).
  func publish(_ outcome: Outcome, teacher: String, student: String, repeated: Bool) throws {
    let report = outcome.report
    lab.record(command: "calc distill", spec: outcome.specs, result: report)
    let repeated = repeated ? outcome.repeated : nil
    if context.json {
      if let repeated { try context.printJSON(repeated) } else { try context.printJSON(report) }
      return
    }
    let text = report.lines(
      teacher: teacher,
      student: student,
      cached: outcome.cached,
      accuracy: outcome.accuracy,
      repeated: repeated,
      context: context
    )
    for line in text.report { context.output.line(line) }
    for sentence in text.sayings { context.say(sentence) }
  }
}
