import Engine
import Foundation

/// Trains the same models on growing shares of one training split: the study guide's
/// "more data means a bigger model?" muddy point, measured.
///
/// A parametric model (linear or logistic regression) keeps one weight per feature however
/// many rows it sees: its stored size is constant while its training time grows and its
/// held-out score levels off. A fully grown decision tree is non-parametric: it keeps
/// splitting until its leaves are pure, so its node count (and file) grows with the rows.
public enum DataSizeStudy {
  /// One share of the training split and both models trained on it.
  public struct Row: Sendable, Encodable {
    /// The share of the training split used.
    public var fraction: Double
    /// Training examples used.
    public var trainRows: Int
    /// The linear (regression) or logistic (classification) model.
    public var linear: ClassicalMeasurement
    /// The decision tree, grown with the given parameters.
    public var tree: ClassicalMeasurement

    enum CodingKeys: String, CodingKey {
      case fraction, linear, tree
      case trainRows = "train_rows"
    }
  }

  /// Checks and sorts the shares: each must be in (0, 1].
  public static func fractions(_ text: String) throws(EngineError) -> [Double] {
    var result: [Double] = []
    for word in text.split(separator: ",", omittingEmptySubsequences: false) {
      let trimmed = word.trimmingCharacters(in: .whitespaces)
      guard let value = Double(trimmed), value.isFinite else {
        throw .invalidArgument(
          "fractions are numbers separated by commas, such as 0.01,0.1,1; "
            + "'\(trimmed)' is not a number"
        )
      }
      guard value > 0, value <= 1 else {
        throw .invalidArgument(
          "each fraction must be more than 0 and at most 1 (a share of the training split), "
            + "got \(trimmed)"
        )
      }
      if !result.contains(value) { result.append(value) }
    }
    guard !result.isEmpty else {
      throw .invalidArgument("give at least one fraction, such as 0.01,0.1,1")
    }
    return result.sorted()
  }

  /// Trains and measures a linear model and a tree on the first `fraction` of the training
  /// split for each fraction; the held-out split is the same for every row.
  ///
  /// - Parameters:
  ///   - treeParameters: The tree's size controls; the default grows it fully.
  ///   - latencyRuns: Timed one-row predictions per model.
  ///   - progress: Called before each row is trained, with the fraction and the row count.
  public static func run(
    _ data: ClassicalData,
    fractions: [Double],
    treeParameters: TreeParameters = TreeParameters(),
    latencyRuns: Int = 200,
    progress: (Double, Int) -> Void = { _, _ in }
  ) throws -> [Row] {
    var rows: [Row] = []
    for fraction in fractions {
      let count = max(2, Int((fraction * Double(data.trainX.rows)).rounded(.up)))
      let share = data.prefixOfTraining(count)
      progress(fraction, share.trainX.rows)
      let linear = try ClassicalLab.trainLinear(share, penalty: .none)
      let tree = try ClassicalLab.trainTree(share, parameters: treeParameters)
      rows.append(
        Row(
          fraction: fraction,
          trainRows: share.trainX.rows,
          linear: try ClassicalLab.measure(
            linear.model,
            on: share,
            trainSeconds: linear.seconds,
            latencyRuns: latencyRuns
          ),
          tree: try ClassicalLab.measure(
            tree.model,
            on: share,
            trainSeconds: tree.seconds,
            latencyRuns: latencyRuns
          )
        )
      )
    }
    return rows
  }
}
