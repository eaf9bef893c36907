import ArgumentParser
import Engine
import Foundation
import Lab
import Terminal

/// `calc select`: select features (ANOVA F or RFE) and measure the smaller model.
struct CalcSelectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "select",
    abstract: "Select features (ANOVA F or RFE) and measure the smaller model.",
    discussion: """
      anova scores each feature with the one-way ANOVA F test (scikit-learn's
      f_classif) and keeps the k best (SelectKBest); rfe refits logistic
      regression and drops the weakest feature until k remain. Both use the
      training split only. Then a logistic regression (one dense layer, light L2)
      is trained on all features, on k, and on sizes between and below, to show
      its parameters (outputs × k + outputs, the first layer of any network fed
      these features), its stored file and its held-out accuracy.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(parsing: .unconditional, help: "Features to keep.") var k: Int
  @Option(help: "How features are chosen.") var method: ClassicalSelection.Method = .anova
  @Option(parsing: .unconditional, help: "Timed one-row predictions per model.") var runs: Int = 200

  func validate() throws {
    try ClassicalReport.check("--runs", runs, in: 1...1_000_000)
  }

  mutating func run() throws {
    let chosen = method
    let context = CommandContext(global)
    let report = ClassicalReport(context: context)
    let data = try report.data(dataset)
    guard data.isClassification else {
      throw GoldilocksError.invalidValue(
        "'\(dataset)' is a regression set; feature selection here ranks features against "
          + "classes: use iris, digits, mnist, breast-cancer, fraud or blobs"
      )
    }
    guard (1...data.featureCount).contains(k) else {
      throw GoldilocksError.invalidValue(
        "--k must be between 1 and \(data.featureCount), the number of features of "
          + "'\(dataset)'; got \(k)"
      )
    }
    let result = try ClassicalSelection.run(data, k: k, method: chosen, latencyRuns: runs)
    report.lab.record(
      command: "calc select",
      spec: "select method=\(chosen.rawValue) k=\(k) dataset=\(dataset)",
      result: result
    )
    if context.json {
      try context.printJSON(result)
      return
    }
    context.output.line(render(result, context: context).joined(separator: "\n"))
  }

  func render(_ result: ClassicalSelection.Result, context: CommandContext) -> [String] {
    let methodText =
      result.method == "anova"
      ? "ANOVA F (f_classif) + SelectKBest" : "RFE with logistic regression, one feature a round"
    var lines = [
      context.color.apply(
        .bold,
        to:
          "Feature selection on \(result.dataset): \(methodText), k = \(result.k) of \(result.features)"
      ),
      "  kept features: " + result.kept.map(String.init).joined(separator: ", "),
    ]
    if !result.scores.isEmpty {
      let order = result.scores.indices.sorted {
        (result.scores[$0] ?? -.infinity, $1) > (result.scores[$1] ?? -.infinity, $0)
      }
      let shown = order.prefix(min(result.k, 15))
      lines.append("  highest F scores (training split):")
      let rows = shown.map { index in
        [
          "\(index)",
          result.scores[index].map { String(format: "%.2f", $0) } ?? "undefined",
          result.pValues[index].map { String(format: "%.2e", $0) } ?? "-",
        ]
      }
      lines += TextTable(header: ["feature", "F", "p-value"], rows: rows).render()
        .split(separator: "\n").map { "    " + $0 }
      let undefined = result.scores.filter { $0 == nil }.count
      if undefined > 0 {
        lines.append(
          "    (\(undefined) constant feature\(undefined == 1 ? "" : "s") have no F: 0/0; ranked last)"
        )
      }
    }
    lines.append("  logistic regression on the kept features:")
    let rows = result.rows.map { row in
      [
        "\(row.k)",
        NumberFormat.grouped(row.firstLayerParams),
        NumberFormat.grouped(row.model.measured.sizeBytes),
        ClassicalReport.score(row.model.measured.accuracy),
        ClassicalReport.seconds(row.model.measured.trainSeconds),
        ClassicalReport.duration(row.model.measured.latencyMs.p50),
      ]
    }
    lines += TextTable(
      header: ["k", "params", "file bytes", "accuracy", "train", "p50"],
      rows: rows
    ).render().split(separator: "\n").map { "    " + $0 }
    lines.append(
      "  params = outputs × k + outputs: each dropped feature removes one weight per output "
        + "from the first layer."
    )
    return lines
  }
}
