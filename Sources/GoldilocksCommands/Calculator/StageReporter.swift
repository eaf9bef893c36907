import Engine
import Terminal

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
