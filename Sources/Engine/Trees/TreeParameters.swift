/// The knobs that decide how large a CART tree may grow, shared by trees, forests and boosting.
///
/// The defaults are scikit-learn's `DecisionTreeClassifier` defaults: a fully grown tree
/// (no depth cap, leaves down to one example), which is what makes unpruned trees and forests
/// large. `maxDepth`, `minSamplesLeaf` and `minSamplesSplit` are the size controls the
/// scikit-learn user guide recommends; each caps the node count
/// (`nodes ≤ 2·leaves − 1`, `leaves ≤ min(2^maxDepth, samples / minSamplesLeaf)`).
public struct TreeParameters: Sendable, Equatable {
  /// How a split's quality is measured.
  public enum SplitCriterion: String, Sendable, Equatable, CaseIterable {
    /// Gini impurity `1 − Σ pₖ²`, scikit-learn's default for classification.
    case gini
    /// Shannon entropy `−Σ pₖ log₂ pₖ` (information gain).
    case entropy
    /// Mean squared error around the node mean, for regression.
    case squaredError
  }

  /// How many features each node may try, drawn at random without replacement.
  public enum MaxFeatures: Sendable, Equatable {
    /// Every feature (a single decision tree, boosting).
    case all
    /// `max(1, ⌊√features⌋)`, scikit-learn's forest default for classification.
    case sqrt
    /// `max(1, ⌊log₂ features⌋)`.
    case log2
    /// A fixed number, capped at the feature count.
    case count(Int)
    /// A share of the features, at least one.
    case fraction(Double)

    /// The number of features a node tries when there are `features` in all.
    public func resolved(features: Int) -> Int {
      let value: Int
      switch self {
      case .all: value = features
      case .sqrt: value = Int(Double(features).squareRoot())
      case .log2: value = features > 0 ? Int(Double(features).log2Floor) : 0
      case .count(let count): value = count
      case .fraction(let share): value = Int(share * Double(features))
      }
      return Swift.max(1, Swift.min(value, features))
    }
  }

  /// The split criterion; classification takes gini or entropy, regression squared error.
  public var criterion: SplitCriterion
  /// The deepest level a node may sit at (the root is depth 0); `nil` grows until pure.
  public var maxDepth: Int?
  /// A node with fewer examples than this becomes a leaf.
  public var minSamplesSplit: Int
  /// Every leaf keeps at least this many examples.
  public var minSamplesLeaf: Int
  /// How many features each node tries.
  public var maxFeatures: MaxFeatures
  /// The seed of the feature draws, so a tree is reproducible.
  public var seed: UInt64

  /// Creates parameters; the defaults grow a full tree on all features.
  public init(
    criterion: SplitCriterion = .gini,
    maxDepth: Int? = nil,
    minSamplesSplit: Int = 2,
    minSamplesLeaf: Int = 1,
    maxFeatures: MaxFeatures = .all,
    seed: UInt64 = 0
  ) {
    self.criterion = criterion
    self.maxDepth = maxDepth
    self.minSamplesSplit = minSamplesSplit
    self.minSamplesLeaf = minSamplesLeaf
    self.maxFeatures = maxFeatures
    self.seed = seed
  }

  /// Throws a learner-facing error for values no tree can use.
  func validate(forClassification classification: Bool) throws(ClassicalModelError) {
    if let maxDepth, maxDepth < 0 {
      throw .invalidParameter(name: "maxDepth", value: "\(maxDepth)", expected: "0 or more")
    }
    if minSamplesSplit < 2 {
      throw .invalidParameter(
        name: "minSamplesSplit",
        value: "\(minSamplesSplit)",
        expected: "2 or more"
      )
    }
    if minSamplesLeaf < 1 {
      throw .invalidParameter(
        name: "minSamplesLeaf",
        value: "\(minSamplesLeaf)",
        expected: "1 or more"
      )
    }
    switch maxFeatures {
    case .count(let count) where count < 1:
      throw .invalidParameter(name: "maxFeatures", value: "\(count)", expected: "1 or more")
    case .fraction(let share) where !(share > 0 && share <= 1):
      throw .invalidParameter(name: "maxFeatures", value: "\(share)", expected: "in (0, 1]")
    default: break
    }
    if classification && criterion == .squaredError {
      throw .invalidParameter(
        name: "criterion",
        value: "squaredError",
        expected: "gini or entropy for a classifier"
      )
    }
    if !classification && criterion != .squaredError {
      throw .invalidParameter(
        name: "criterion",
        value: criterion.rawValue,
        expected: "squaredError for regression"
      )
    }
  }
}

extension Double {
  fileprivate var log2Floor: Double {
    var value = 0.0
    var rest = self
    while rest >= 2 {
      rest /= 2
      value += 1
    }
    return value
  }
}
