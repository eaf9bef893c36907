/// A set of examples: a feature tensor `[rows] + featureShape` and one or more targets per row.
///
/// Targets are class indices (stored as `Float`) for classification and values for regression.
public struct ExampleSet: Sendable, Equatable {
  /// `[rows] + featureShape`.
  public var features: Tensor
  /// `rows × targetWidth` values.
  public var targets: [Float]

  /// Creates a set; `targets.count` must be a multiple of the row count.
  public init(features: Tensor, targets: [Float]) {
    self.features = features
    self.targets = targets
  }

  /// Number of examples.
  public var count: Int { features.shape.first ?? 0 }

  /// Shape of one example.
  public var featureShape: [Int] { Array(features.shape.dropFirst()) }

  /// Targets per example (1 for class labels).
  public var targetWidth: Int { count == 0 ? 1 : targets.count / count }

  /// The examples at `indices`, in that order.
  public func subset(_ indices: [Int]) -> ExampleSet {
    let width = targetWidth
    var picked = [Float]()
    picked.reserveCapacity(indices.count * width)
    for i in indices { picked.append(contentsOf: targets[(i * width)..<((i + 1) * width)]) }
    return ExampleSet(features: features.gathering(items: indices), targets: picked)
  }
}
