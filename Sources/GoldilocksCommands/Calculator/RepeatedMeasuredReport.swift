import Engine
import Foundation
import Lab

/// A measured model over several seeds: every figure `{"mean", "low", "high", "runs"}`,
/// plus the seeds and, for classification, intervals of the headline classification figures.
struct RepeatedMeasuredReport: Encodable {
  var measured: RepeatedMeasuredModel
  var seeds: [UInt64]
  var classification: Classification?

  /// Intervals over the seeds of the figures `ClassificationMetrics` gives per run.
  struct Classification: Encodable {
    var macroPrecision: ConfidenceInterval
    var macroRecall: ConfidenceInterval
    var macroF1: ConfidenceInterval
    /// The positive class's figures and PR-AUC, for binary problems.
    var precision: ConfidenceInterval?
    var recall: ConfidenceInterval?
    var f1: ConfidenceInterval?
    var prAUC: ConfidenceInterval?
    var threshold: Double?

    enum CodingKeys: String, CodingKey {
      case macroPrecision = "macro_precision"
      case macroRecall = "macro_recall"
      case macroF1 = "macro_f1"
      case precision, recall, f1, threshold
      case prAUC = "pr_auc"
    }

    init?(_ runs: [ClassificationMetrics]) {
      func interval(_ values: [Double]) -> ConfidenceInterval? {
        ConfidenceInterval(samples: values)?.clamped(to: 0...1)
      }
      guard let p = interval(runs.map(\.macroPrecision)),
        let r = interval(runs.map(\.macroRecall)),
        let f = interval(runs.map(\.macroF1))
      else { return nil }
      macroPrecision = p
      macroRecall = r
      macroF1 = f
      let binary = runs.compactMap(\.binary)
      if binary.count == runs.count {
        precision = interval(binary.map(\.precision))
        recall = interval(binary.map(\.recall))
        f1 = interval(binary.map(\.f1))
        prAUC = interval(binary.map(\.prAUC))
        threshold = binary.first?.threshold
      }
    }
  }

  enum ExtraKeys: String, CodingKey { case seeds, classification }

  func encode(to encoder: any Encoder) throws {
    try measured.encode(to: encoder)
    var container = encoder.container(keyedBy: ExtraKeys.self)
    try container.encode(seeds, forKey: .seeds)
    try container.encodeIfPresent(classification, forKey: .classification)
  }
}
