import Engine
import Foundation
import Lab
import Terminal

extension LanguageCompressionRun {
  /// The `calc distill --teacher tiny-gpt --json` document.
  struct DistillReport: Encodable {
    let teacherModel: String
    let studentModel: String
    let dataset: String
    let steps: Int
    let temperature: Double
    let alpha: Double
    let teacher: LanguageCompressionLab.Measured
    let student: LanguageCompressionLab.Measured
    let studentFromScratch: LanguageCompressionLab.Measured
    /// The distilled student against the one trained from scratch.
    let changes: Changes
    /// The distilled student against the teacher.
    let changesFromTeacher: Changes
    let timing: Timing
  }

  /// `calc distill --teacher tiny-gpt --student SPEC`: the student trained on the teacher's
  /// soft targets and, with the same steps, batches, starting weights and seed, from scratch.
  func distill(
    teacher teacherModel: ModelDescription,
    teacherConfiguration: GPTConfiguration,
    student studentModel: ModelDescription,
    studentConfiguration: GPTConfiguration,
    dataset: String,
    temperature: Double,
    alpha: Double
  ) throws {
    guard studentConfiguration.vocabularySize == teacherConfiguration.vocabularySize,
      studentConfiguration.contextLength == teacherConfiguration.contextLength
    else {
      throw GoldilocksError.invalidValue(
        "--student: the student must read the teacher's tokens and context (vocabulary \(teacherConfiguration.vocabularySize), context \(teacherConfiguration.contextLength)); change only its layers, heads or widths"
      )
    }
    guard studentConfiguration != teacherConfiguration else {
      throw GoldilocksError.invalidValue(
        "--student: the student has the teacher's own shape; give a smaller GPT, such as tiny-gpt with 2 decoder blocks instead of 4 (x2 in its spec)"
      )
    }
    let teacher = try base(
      model: teacherModel,
      configuration: teacherConfiguration,
      dataset: dataset,
      command: "calc distill"
    )
    let studentName = LanguageModelRun.name(of: studentModel, configuration: studentConfiguration)
    // From scratch: exactly `calc train` of the student (and cached like it).
    let scratch = try base(
      model: studentModel,
      configuration: studentConfiguration,
      dataset: dataset,
      command: "calc distill"
    )
    // Distilled: the same starting weights, batches and schedule, soft targets added.
    var student = try GPTModel.initialized(studentConfiguration, seed: scratch.recipe.seed)
    let run = try withInterrupts { reporter in
      try LanguageModelFineTuner(
        recipe: scratch.recipe,
        teacher: teacher.trained.model,
        temperature: temperature,
        alpha: alpha
      ).train(
        &student,
        on: teacher.corpus,
        progress: reporter.handle,
        isCancelled: { InterruptFlag.shared.isRaised }
      )
    }
    if run.cancelled {
      throw GoldilocksError.stopped(
        "stopped while distilling the student after \(run.completedSteps) of \(scratch.recipe.steps) steps; nothing was measured"
      )
    }
    let measuring = try compressionLab(teacher)
    let measurement = try measuring.measure([
      .init(
        model: teacher.trained.model,
        subject: .float(teacher.trained.model),
        file: LanguageModelLab.weightFile(teacher.trained.model, name: teacher.name),
        trainSeconds: teacher.trained.trainSeconds
      ),
      .init(
        model: student,
        subject: .float(student),
        file: LanguageModelLab.weightFile(student, name: studentName),
        trainSeconds: run.seconds
      ),
      .init(
        model: scratch.trained.model,
        subject: .float(scratch.trained.model),
        file: LanguageModelLab.weightFile(scratch.trained.model, name: studentName),
        trainSeconds: scratch.trained.trainSeconds
      ),
    ])
    let distilledVersusScratch = measurement.comparison(2, 1)
    let distilledVersusTeacher = measurement.comparison(0, 1)
    let report = DistillReport(
      teacherModel: teacher.name,
      studentModel: studentName,
      dataset: dataset,
      steps: scratch.recipe.steps,
      temperature: temperature,
      alpha: alpha,
      teacher: measurement.models[0],
      student: measurement.models[1],
      studentFromScratch: measurement.models[2],
      changes: Changes(distilledVersusScratch),
      changesFromTeacher: Changes(distilledVersusTeacher),
      timing: timing(measuring)
    )
    lab.record(command: "calc distill", spec: studentName, result: report)
    if context.json {
      try context.printJSON(report)
      return
    }
    let s = studentConfiguration
    var lines = [
      context.color.apply(
        .bold,
        to:
          "Distilled \(teacher.name) into \(s.layers) blocks (\(s.heads) heads, width \(s.width)) for \(scratch.recipe.steps) steps on \(dataset), T = \(temperature), alpha = \(alpha)"
      ),
      "  Both students start from the same weights and see the same batches; the distilled one also learns the teacher's softened next-character distribution.",
      "",
    ]
    lines += table([
      ("teacher", measurement.models[0]), ("distilled", measurement.models[1]),
      ("from scratch", measurement.models[2]),
    ])
    lines.append("")
    lines += verdicts(distilledVersusScratch, after: "distilled", before: "from scratch")
    lines += verdicts(distilledVersusTeacher, after: "distilled", before: "teacher")
    context.output.line(lines.joined(separator: "\n"))
  }
}
