import Engine
import Foundation
import Lab
import Terminal

extension SweepRun {
  /// Records the sweep, writes the CSV and SVG files asked for, and shows the table, the
  /// charts and the diminishing returns (or one JSON document).
  ///
  /// With more than one seed the table, charts and CSV show each point's mean over them, and
  /// the returns are stated only where the seeds' interval supports them.
  func publish(_ outcome: Outcome, seeds: [UInt64], csv: String?, svg: String?) throws {
    let data = outcome.data
    let plan = outcome.plan
    let repeated = seeds.count > 1
    let rows = repeated ? SweepReport.meanRows(outcome.perSeed) : outcome.perSeed[0]
    lab.record(command: "calc sweep", spec: outcome.expanded, result: rows)
    let charts = SweepReport.charts(rows, plan: plan, data: data)
    if let csv { try SafeFileWriter.write(Data(SweepReport.csv(rows).utf8), to: csv) }
    if let svg {
      let title = "\(outcome.expanded) on \(data.name), varying \(plan.knob.rawValue)"
      try SafeFileWriter.write(
        Data(SVGChart(title: title, charts: charts).document().utf8),
        to: svg
      )
    }
    if context.json {
      if repeated {
        try context.printJSON(
          SweepReport.repeatedRows(outcome.perSeed, regression: data.task == .regression)
        )
      } else {
        try context.printJSON(rows)
      }
      return
    }
    let renderer = ChartRenderer(width: context.width, color: context.color)
    context.output.line(
      context.color.apply(
        .bold,
        to: "Sweep of \(plan.knob.rawValue) for \(outcome.expanded) on \(data.name)"
      )
    )
    context.output.line(SweepReport.table(rows, plan: plan).render())
    for chart in charts {
      context.output.line("")
      context.output.line(renderer.render(chart))
    }
    context.output.line("")
    let returns =
      repeated
      ? SweepReport.repeatedReturns(outcome.perSeed, seeds: seeds, data: data)
      : SweepReport.returns(rows)
    for line in returns { context.say(line) }
    for (flag, path) in [("CSV", csv), ("SVG", svg)] {
      if let path { context.output.line("Wrote the \(flag) to \(path).") }
    }
  }
}
