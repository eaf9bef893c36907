/// Precision, recall, F1 and the confusion matrix of a classifier, and for two classes the
/// area under the precision–recall curve; computed as scikit-learn computes them.
///
/// - `confusion[t][p]` counts examples of true class t predicted as p
///   (`sklearn.metrics.confusion_matrix`).
/// - Per class c: precision = TP/(TP+FP), recall = TP/(TP+FN), F1 their harmonic mean;
///   0 where the denominator is 0 (`zero_division=0`). Macro figures are unweighted means
///   over the classes.
/// - Binary problems (class 1 is positive): `averagePrecision` is
///   Σₙ (Rₙ − Rₙ₋₁) Pₙ over the distinct score thresholds from the highest down
///   (`sklearn.metrics.average_precision_score`), and the positive class's precision,
///   recall and F1 are those of predicting positive when score ≥ `threshold`.
public struct ClassificationMetrics: Codable, Sendable, Equatable {
  /// Figures for one class.
  public struct ClassFigures: Codable, Sendable, Equatable {
    public var precision: Double
    public var recall: Double
    public var f1: Double
    /// Examples whose true class this is.
    public var support: Int
  }

  /// Figures for the positive class of a binary problem.
  public struct Binary: Codable, Sendable, Equatable {
    /// Scores at or above it are predicted positive.
    public var threshold: Double
    public var precision: Double
    public var recall: Double
    public var f1: Double
    /// Average precision (area under the precision–recall curve).
    public var prAUC: Double
    /// Fraction of examples that are positive.
    public var positiveRate: Double

    enum CodingKeys: String, CodingKey {
      case threshold, precision, recall, f1
      case prAUC = "pr_auc"
      case positiveRate = "positive_rate"
    }
  }

  /// Rows: true class; columns: predicted class.
  public var confusion: [[Int]]
  /// One entry per class, in class order.
  public var perClass: [ClassFigures]
  public var macroPrecision: Double
  public var macroRecall: Double
  public var macroF1: Double
  /// Fraction predicted correctly.
  public var accuracy: Double
  /// Present for two classes when scores were given.
  public var binary: Binary?

  enum CodingKeys: String, CodingKey {
    case confusion
    case perClass = "per_class"
    case macroPrecision = "macro_precision"
    case macroRecall = "macro_recall"
    case macroF1 = "macro_f1"
    case accuracy, binary
  }

  /// Metrics of predicted classes against true classes, both in `0..<classes`; labels out
  /// of range are ignored.
  public init(labels: [Int], predictions: [Int], classes: Int) {
    let classes = max(classes, 1)
    var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
    var counted = 0
    for (truth, predicted) in zip(labels, predictions)
    where (0..<classes).contains(truth) && (0..<classes).contains(predicted) {
      confusion[truth][predicted] += 1
      counted += 1
    }
    var perClass: [ClassFigures] = []
    for c in 0..<classes {
      let tp = confusion[c][c]
      let actual = confusion[c].reduce(0, +)
      let predicted = confusion.reduce(0) { $0 + $1[c] }
      perClass.append(Self.figures(tp: tp, predicted: predicted, actual: actual))
    }
    self.confusion = confusion
    self.perClass = perClass
    let k = Double(classes)
    macroPrecision = perClass.reduce(0) { $0 + $1.precision } / k
    macroRecall = perClass.reduce(0) { $0 + $1.recall } / k
    macroF1 = perClass.reduce(0) { $0 + $1.f1 } / k
    let correct = (0..<classes).reduce(0) { $0 + confusion[$1][$1] }
    accuracy = counted == 0 ? 0 : Double(correct) / Double(counted)
    binary = nil
  }

  /// Binary metrics from labels in {0, 1} and scores for class 1, predicting class 1 when
  /// score ≥ `threshold`.
  public init(labels: [Int], scores: [Double], threshold: Double = 0.5) {
    let predictions = scores.map { $0 >= threshold ? 1 : 0 }
    self.init(labels: labels, predictions: predictions, classes: 2)
    let positive = perClass[1]
    let n = min(labels.count, scores.count)
    binary = Binary(
      threshold: threshold,
      precision: positive.precision,
      recall: positive.recall,
      f1: positive.f1,
      prAUC: Self.averagePrecision(labels: labels, scores: scores),
      positiveRate: n == 0 ? 0 : Double(positive.support) / Double(n)
    )
  }

  /// Whether one class is rare enough that accuracy alone misleads: the smallest class
  /// holds under `share` of the examples (default 10 %).
  public func isImbalanced(share: Double = 0.1) -> Bool {
    let total = perClass.reduce(0) { $0 + $1.support }
    guard total > 0, let smallest = perClass.map(\.support).min() else { return false }
    return Double(smallest) / Double(total) < share
  }

  /// scikit-learn's `average_precision_score` for labels in {0, 1} and scores of class 1.
  ///
  /// Σ (Rₙ − Rₙ₋₁) Pₙ over distinct thresholds, highest first. 0 when there is no positive.
  public static func averagePrecision(labels: [Int], scores: [Double]) -> Double {
    let n = min(labels.count, scores.count)
    let order = (0..<n).sorted { scores[$0] > scores[$1] }
    let positives = order.reduce(0) { $0 + (labels[$1] == 1 ? 1 : 0) }
    guard positives > 0 else { return 0 }
    var truePositives = 0
    var seen = 0
    var previousRecall = 0.0
    var sum = 0.0
    var index = 0
    while index < n {
      let score = scores[order[index]]
      // Every example tied at this score crosses the threshold together.
      while index < n && scores[order[index]] == score {
        if labels[order[index]] == 1 { truePositives += 1 }
        seen += 1
        index += 1
      }
      let recall = Double(truePositives) / Double(positives)
      let precision = Double(truePositives) / Double(seen)
      sum += (recall - previousRecall) * precision
      previousRecall = recall
    }
    return sum
  }

  static func figures(tp: Int, predicted: Int, actual: Int) -> ClassFigures {
    let precision = predicted == 0 ? 0 : Double(tp) / Double(predicted)
    let recall = actual == 0 ? 0 : Double(tp) / Double(actual)
    let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    return ClassFigures(precision: precision, recall: recall, f1: f1, support: actual)
  }
}
