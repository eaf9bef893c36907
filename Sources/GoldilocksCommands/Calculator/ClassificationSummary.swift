import Engine
import Foundation
import Terminal

/// The lines a classification report shows: precision, recall, F1 and the confusion matrix;
/// on imbalanced data recall at the threshold and PR-AUC first, accuracy after, with a note.
enum ClassificationSummary {
  /// The most classes whose confusion matrix and per-class rows are printed in full.
  static let tableLimit = 12

  /// The lines that lead a report (before the model's size and latency), indented by two.
  static func lines(_ metrics: ClassificationMetrics, examples: Int) -> [String] {
    var lines: [String] = []
    let accuracy = String(format: "%.4f", metrics.accuracy)
    let held = "held-out split (\(NumberFormat.grouped(examples)) examples)"
    if let binary = metrics.binary {
      let positives = metrics.perClass[1].support
      let figures = [
        String(format: "recall at threshold %.2f: %.4f", binary.threshold, binary.recall)
          + " (\(metrics.confusion[1][1]) of \(NumberFormat.grouped(positives)) positives found)",
        String(format: "PR-AUC (average precision): %.4f", binary.prAUC)
          + String(format: " (random scores give about %.4f)", binary.positiveRate),
        String(
          format: "precision %.4f, F1 %.4f (positive class, threshold %.2f)",
          binary.precision,
          binary.f1,
          binary.threshold
        ),
      ]
      if metrics.isImbalanced() {
        lines.append(
          String(format: "  on the %@, %.1f%% positive:", held, 100 * binary.positiveRate)
        )
        lines += figures.map { "    " + $0 }
        lines.append("    accuracy: \(accuracy)")
        lines.append(
          String(
            format:
              "  (accuracy comes last: with %.1f%% positives, predicting \"negative\" every time scores %.4f)",
            100 * binary.positiveRate,
            1 - binary.positiveRate
          )
        )
      } else {
        lines.append("  accuracy on the \(held): \(accuracy)")
        lines += figures.map { "    " + $0 }
      }
    } else {
      lines.append("  accuracy on the \(held): \(accuracy)")
      lines.append(
        String(
          format: "    macro precision %.4f, recall %.4f, F1 %.4f",
          metrics.macroPrecision,
          metrics.macroRecall,
          metrics.macroF1
        )
      )
    }
    return lines
  }

  /// Several models' headline classification figures side by side (one column each):
  /// recall at the threshold, PR-AUC, precision and F1 of the positive class for two
  /// classes; macro precision, recall and F1 otherwise; accuracy last.
  static func comparison(_ columns: [(name: String, metrics: ClassificationMetrics)]) -> String {
    let four = { (value: Double) in String(format: "%.4f", value) }
    var rows: [[String]] = []
    if let threshold = columns.first?.metrics.binary?.threshold,
      columns.allSatisfy({ $0.metrics.binary != nil })
    {
      let label = String(format: "%.2f", threshold)
      rows.append(["recall at \(label)"] + columns.map { four($0.metrics.binary?.recall ?? 0) })
      rows.append(["PR-AUC"] + columns.map { four($0.metrics.binary?.prAUC ?? 0) })
      rows.append(
        ["precision at \(label)"] + columns.map { four($0.metrics.binary?.precision ?? 0) }
      )
      rows.append(["F1 at \(label)"] + columns.map { four($0.metrics.binary?.f1 ?? 0) })
    } else {
      rows.append(["macro precision"] + columns.map { four($0.metrics.macroPrecision) })
      rows.append(["macro recall"] + columns.map { four($0.metrics.macroRecall) })
      rows.append(["macro F1"] + columns.map { four($0.metrics.macroF1) })
    }
    rows.append(["accuracy"] + columns.map { four($0.metrics.accuracy) })
    return TextTable(
      header: ["classification"] + columns.map(\.name),
      rows: rows,
      alignments: [.left] + [TextTable.Alignment](repeating: .right, count: columns.count)
    ).render()
  }

  /// The one-line reason classification figures come first on imbalanced data.
  static func imbalanceNote(_ metrics: ClassificationMetrics) -> String {
    let total = metrics.perClass.reduce(0) { $0 + $1.support }
    let largest = metrics.perClass.map(\.support).max() ?? 0
    let share = total == 0 ? 0 : Double(largest) / Double(total)
    return String(
      format:
        "(recall and PR-AUC first: here always predicting the most common class scores accuracy %.4f)",
      share
    )
  }

  /// The confusion matrix alone, titled (nothing past `tableLimit` classes).
  static func confusion(_ metrics: ClassificationMetrics, of name: String) -> [String] {
    guard metrics.perClass.count <= tableLimit else { return [] }
    return Array(tables(metrics).suffix(2)).enumerated().map { index, text in
      index == 0 ? "Confusion matrix of the \(name) (rows: true class, columns: predicted):" : text
    }
  }

  /// Per-class figures and the confusion matrix as tables (nothing past `tableLimit` classes).
  static func tables(_ metrics: ClassificationMetrics) -> [String] {
    let classes = metrics.perClass.count
    guard classes <= tableLimit else {
      return ["  (\(classes) classes: per-class figures and the confusion matrix are in --json)"]
    }
    let perClass = TextTable(
      header: ["class", "precision", "recall", "F1", "examples"],
      rows: metrics.perClass.enumerated().map { index, figures in
        [
          String(index), String(format: "%.4f", figures.precision),
          String(format: "%.4f", figures.recall), String(format: "%.4f", figures.f1),
          NumberFormat.grouped(figures.support),
        ]
      },
      alignments: [.right, .right, .right, .right, .right]
    )
    let confusion = TextTable(
      header: ["true \\ predicted"] + (0..<classes).map(String.init),
      rows: metrics.confusion.enumerated().map { index, row in
        [String(index)] + row.map { NumberFormat.grouped($0) }
      },
      alignments: [.left] + [TextTable.Alignment](repeating: .right, count: classes)
    )
    return [
      "Per class (held-out split):", perClass.render(),
      "Confusion matrix (rows: true class, columns: predicted):",
      confusion.render(),
    ]
  }
}
