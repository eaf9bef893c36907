import Engine
import Foundation
import Lab
import SpecLanguage

/// One of several trainings a comparison command runs side by side (regularisation,
/// augmentation): the measured model plus what its kernel weights look like.
struct ComparedRun: Encodable {
  /// The variant's name, such as `none` or `l1 0.001`.
  var name: String
  /// The spec that was trained.
  var spec: String
  /// Training examples seen per epoch.
  var trainRows: Int
  /// cli.md's measured-model figures.
  var measured: MeasuredModel
  /// Kernel weights (dense and conv kernels; the weights L1/L2 act on).
  var kernelWeights: Int
  /// Kernel weights that are exactly 0.
  var exactZeros: Int
  /// Kernel weights with |w| below `nearZeroThreshold`.
  var nearZeros: Int
  /// Mean |w| over the kernels.
  var meanAbsWeight: Double
  /// Whether the weights came from the cache (the training time is the stored one).
  var fromCache: Bool

  /// What "near zero" means here.
  static let nearZeroThreshold: Float = 1e-3

  enum ExtraKeys: String, CodingKey {
    case name, spec
    case trainRows = "train_rows"
    case kernelWeights = "kernel_weights"
    case exactZeros = "exact_zeros"
    case nearZeros = "near_zeros"
    case meanAbsWeight = "mean_abs_weight"
    case fromCache = "from_cache"
  }

  func encode(to encoder: any Encoder) throws {
    try measured.encode(to: encoder)
    var container = encoder.container(keyedBy: ExtraKeys.self)
    try container.encode(name, forKey: .name)
    try container.encode(spec, forKey: .spec)
    try container.encode(trainRows, forKey: .trainRows)
    try container.encode(kernelWeights, forKey: .kernelWeights)
    try container.encode(exactZeros, forKey: .exactZeros)
    try container.encode(nearZeros, forKey: .nearZeros)
    try container.encode(meanAbsWeight, forKey: .meanAbsWeight)
    try container.encode(fromCache, forKey: .fromCache)
  }

  /// Parses, trains (or loads from the cache) and measures one variant.
  static func train(
    name: String,
    spec: String,
    dataset: Dataset,
    recipe: TrainingRecipe,
    context: CommandContext,
    lab: LabContext
  ) throws -> ComparedRun {
    let model = try ModelSpec.parse(spec)
    let result = try TrainRun(context: context, lab: lab).train(
      model,
      spec: spec,
      dataset: dataset,
      recipe: recipe
    )
    let kernels = result.trained.network.namedWeights().filter {
      WeightPenalty.applies(to: $0.role)
    }
    let values = kernels.flatMap(\.values)
    let total = values.reduce(0.0) { $0 + Double(abs($1)) }
    return ComparedRun(
      name: name,
      spec: spec,
      trainRows: dataset.trainCount,
      measured: result.measured,
      kernelWeights: values.count,
      exactZeros: values.filter { $0 == 0 }.count,
      nearZeros: values.filter { abs($0) < nearZeroThreshold }.count,
      meanAbsWeight: values.isEmpty ? 0 : total / Double(values.count),
      fromCache: result.trained.fromCache
    )
  }

  /// A small MLP for a dataset: `flatten` for images, one hidden layer, one output per class
  /// (one for regression), with an optional dropout after the hidden layer.
  static func smallMLP(for dataset: Dataset, hidden: Int = 64, dropout: Double? = nil) -> String {
    let input = "input(" + dataset.featureShape.map(String.init).joined(separator: ",") + ")"
    var terms = [input]
    if dataset.featureShape.count > 1 { terms.append("flatten") }
    terms.append("dense(\(hidden),relu)")
    if let dropout { terms.append("dropout(\(dropout))") }
    terms.append("dense(\(dataset.task == .classification ? dataset.classes : 1))")
    return terms.joined(separator: " ")
  }
}
