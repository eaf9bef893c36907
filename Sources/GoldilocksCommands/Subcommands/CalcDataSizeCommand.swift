import ArgumentParser
import Engine
import Foundation
import Lab
import Terminal

/// `calc datasize`: train on growing fractions of a dataset: size vs time vs accuracy.
struct CalcDataSizeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "datasize",
    abstract: "Train on growing fractions of a dataset: size vs time vs accuracy.",
    discussion: """
      Trains a linear model (linear regression, or logistic regression on classes)
      and a fully grown decision tree on the first share of the training split for
      each fraction, and scores both on the same held-out split. The linear model
      keeps one weight per feature whatever the rows, so its file stays the same
      size while its training time grows and its score levels off; the tree keeps
      splitting, so its nodes grow with the data. The generated sets (regression,
      fraud, blobs) are made with --rows rows (default 200,000; 80 % for
      training).
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(help: "Fractions of the training split, such as 0.01,0.1,1.") var fractions: String =
    "0.01,0.1,1"
  @Option(
    parsing: .unconditional,
    help: "Rows to generate for regression, fraud or blobs (default 200,000)."
  )
  var rows: Int?
  @Option(
    name: .customLong("max-depth"),
    parsing: .unconditional,
    help: "Cap the tree's depth (default: fully grown)."
  )
  var maxDepth: Int?
  @Option(parsing: .unconditional, help: "Timed one-row predictions per model.") var runs: Int = 100

  static let defaultRows = 200_000

  func validate() throws {
    _ = try shares()
    if let rows { try ClassicalReport.check("--rows", rows, in: 100...2_000_000) }
    if let maxDepth { try ClassicalReport.check("--max-depth", maxDepth, in: 1...100) }
    try ClassicalReport.check("--runs", runs, in: 1...1_000_000)
  }

  /// The fractions of the training rows `--fractions` names.
  private func shares() throws -> [Double] {
    do {
      return try DataSizeStudy.fractions(fractions)
    } catch {
      throw GoldilocksError.invalidValue("--fractions: \(error)")
    }
  }

  mutating func run() throws {
    let shares = try shares()
    let context = CommandContext(global)
    let report = ClassicalReport(context: context)
    let data = try ClassicalData(try load(report))
    let progress: (Double, Int) -> Void = { fraction, count in
      guard context.session.stdoutIsTerminal, !context.json else { return }
      context.output.errorLine(
        "training on \(NumberFormat.grouped(count)) rows (fraction \(fraction))…"
      )
    }
    let table = try DataSizeStudy.run(
      data,
      fractions: shares,
      treeParameters: TreeParameters(maxDepth: maxDepth, seed: context.seed),
      latencyRuns: runs,
      progress: progress
    )
    report.lab.record(
      command: "calc datasize",
      spec:
        "datasize dataset=\(dataset) fractions=\(fractions) rows=\(rows.map(String.init) ?? "default")",
      result: table
    )
    if context.json {
      try context.printJSON(table)
      return
    }
    context.output.line(render(table, data: data, context: context).joined(separator: "\n"))
  }

  func load(_ report: ClassicalReport) throws -> Dataset {
    let seed = report.context.seed
    let count = rows ?? Self.defaultRows
    switch dataset {
    case "regression": return try DatasetCatalog.regression(rows: count, seed: seed)
    case "fraud": return try DatasetCatalog.fraud(rows: count, seed: seed)
    case "blobs": return try DatasetCatalog.blobs(rows: count, seed: seed)
    default:
      if rows != nil, DatasetCatalog.bundledNames.contains(dataset) {
        throw GoldilocksError.invalidValue(
          "--rows works for the generated sets (regression, fraud, blobs); '\(dataset)' has a "
            + "fixed number of rows"
        )
      }
      return try report.lab.dataset(dataset)
    }
  }

  func render(_ table: [DataSizeStudy.Row], data: ClassicalData, context: CommandContext)
    -> [String]
  {
    let metric = data.isClassification ? "accuracy" : "R²"
    let linearName = data.isClassification ? "logistic regression" : "linear regression"
    var lines = [
      context.color.apply(
        .bold,
        to: "More data on \(data.name): \(linearName) vs a fully grown decision tree"
      ),
      "  held-out split: \(NumberFormat.grouped(data.testX.rows)) rows; \(data.featureCount) features",
    ]
    let rows = table.map { row in
      [
        String(row.fraction),
        NumberFormat.grouped(row.trainRows),
        NumberFormat.grouped(row.linear.measured.params),
        NumberFormat.grouped(row.linear.measured.sizeBytes),
        ClassicalReport.seconds(row.linear.measured.trainSeconds),
        ClassicalReport.score(row.linear.measured.accuracy),
        NumberFormat.grouped(row.tree.nodes ?? 0),
        NumberFormat.grouped(row.tree.measured.sizeBytes),
        ClassicalReport.seconds(row.tree.measured.trainSeconds),
        ClassicalReport.score(row.tree.measured.accuracy),
      ]
    }
    lines += TextTable(
      header: [
        "fraction", "rows", "lin params", "lin bytes", "lin train", "lin \(metric)",
        "tree nodes", "tree bytes", "tree train", "tree \(metric)",
      ],
      rows: rows
    ).render().split(separator: "\n").map { "  " + $0 }
    if let first = table.first, let last = table.last, table.count > 1 {
      let growth = Double(last.trainRows) / Double(max(1, first.trainRows))
      let nodeGrowth = Double(last.tree.nodes ?? 0) / Double(max(1, first.tree.nodes ?? 0))
      lines.append(
        "  \(String(format: "%.0f", growth))× the rows: the linear file stays "
          + "\(NumberFormat.grouped(last.linear.measured.sizeBytes)) bytes; the tree grows "
          + "\(String(format: "%.0f", nodeGrowth))× in nodes. Parameters are fixed by the "
          + "model's shape, not the data, unless the model grows with the data."
      )
    }
    return lines
  }
}
