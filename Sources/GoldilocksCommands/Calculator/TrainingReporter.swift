import Engine
import Foundation
import Terminal

/// Shows training as it runs: a live bar per epoch on a terminal, one plain line per
/// epoch otherwise (pipes, CI, `--json` sends it to stderr).
struct TrainingReporter {
  let context: CommandContext
  let live: Bool
  /// Whether the command goes on with the epochs finished before Ctrl-C.
  let keepsPartial: Bool

  init(context: CommandContext, keepsPartial: Bool = true) {
    self.context = context.forInteraction()
    live = context.session.stdoutIsTerminal && !context.json
    self.keepsPartial = keepsPartial
  }

  func handle(_ event: TrainingEvent) {
    let bar = ProgressBar(width: context.width, color: context.color)
    switch event {
    case .batchEnded(let epoch, let epochs, let batch, let batches, let loss, let accuracy):
      guard live, batch % max(1, batches / 50) == 0 || batch == batches else { return }
      var details = "loss \(format(loss))"
      if let accuracy { details += " acc \(format(accuracy))" }
      context.output.write(
        bar.render(
          label: "epoch \(epoch)/\(epochs)",
          fraction: Double(batch) / Double(max(1, batches)),
          details: details
        )
      )
    case .epochEnded(let summary):
      var line = "epoch \(summary.epoch)/\(summary.epochs)  loss \(format(summary.loss))"
      if let accuracy = summary.accuracy { line += "  acc \(format(accuracy))" }
      if let accuracy = summary.validationAccuracy { line += "  test acc \(format(accuracy))" }
      line += "  \(ProgressBar.duration(LatencyReport.seconds(summary.elapsed))) elapsed"
      if summary.epoch < summary.epochs {
        line += ", ETA \(ProgressBar.duration(LatencyReport.seconds(summary.remaining)))"
      }
      if live { context.output.write("\r\u{1B}[K") }
      context.output.line(line)
    case .cancelled(let completed):
      if live { context.output.write("\r\u{1B}[K") }
      let epochs = "\(completed) finished epoch\(completed == 1 ? "" : "s")"
      context.output.line(
        keepsPartial ? "Stopped: keeping the \(epochs)." : "Stopped after \(epochs)."
      )
    }
  }

  private func format(_ value: Double) -> String {
    String(format: "%.4f", value)
  }
}
