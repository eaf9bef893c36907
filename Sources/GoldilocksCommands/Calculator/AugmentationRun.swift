import Engine
import Foundation
import Lab
import Terminal

/// `calc augment`: one model trained on a dataset's images as they are and with augmented
/// copies (same seed and epochs), both measured on the same untouched held-out split.
struct AugmentationRun {
  let context: CommandContext
  let lab: LabContext

  /// Trains `spec` (or a small MLP for the dataset) on `dataset` as it is and with `copies`
  /// augmented copies of each training image, and records the comparison.
  func compare(
    dataset: String,
    operations: [ImageAugmentation.Operation],
    copies: Int,
    spec: String?,
    recipe: TrainingRecipe
  ) throws -> Comparison {
    let data = try lab.dataset(dataset)
    let augmented = try ImageAugmentation.augmenting(
      data,
      operations: operations,
      copies: copies,
      seed: context.seed
    )
    let model = spec ?? ComparedRun.smallMLP(for: data)
    let plain = try ComparedRun.train(
      name: "none",
      spec: model,
      dataset: data,
      recipe: recipe,
      context: context,
      lab: lab
    )
    let varied = try ComparedRun.train(
      name: operations.map(\.rawValue).joined(separator: ","),
      spec: model,
      dataset: augmented,
      recipe: recipe,
      context: context,
      lab: lab
    )
    let result = Comparison(
      dataset: dataset,
      ops: operations.map(\.rawValue),
      copies: copies,
      epochs: recipe.epochs,
      spec: model,
      baseline: plain,
      augmented: varied
    )
    lab.record(
      command: "calc augment",
      spec:
        "\(model) | ops=\(operations.map(\.rawValue).joined(separator: ",")) copies=\(copies) epochs=\(recipe.epochs) dataset=\(dataset)",
      result: result
    )
    return result
  }

  /// The two runs side by side.
  struct Comparison: Encodable {
    var dataset: String
    var ops: [String]
    var copies: Int
    var epochs: Int
    var spec: String
    var baseline: ComparedRun
    var augmented: ComparedRun
  }

  /// The two runs as a table, and what augmentation changed (training time and score, not
  /// size).
  func render(_ result: Comparison) -> [String] {
    let a = result.baseline
    let b = result.augmented
    let rows: [[String]] = [
      ["training rows", NumberFormat.grouped(a.trainRows), NumberFormat.grouped(b.trainRows)],
      [
        "parameters", NumberFormat.grouped(a.measured.params),
        NumberFormat.grouped(b.measured.params),
      ],
      [
        "file bytes", NumberFormat.grouped(a.measured.sizeBytes),
        NumberFormat.grouped(b.measured.sizeBytes),
      ],
      [
        "training time", ClassicalReport.seconds(a.measured.trainSeconds),
        ClassicalReport.seconds(b.measured.trainSeconds),
      ],
      [
        "accuracy", ClassicalReport.score(a.measured.accuracy),
        ClassicalReport.score(b.measured.accuracy),
      ],
      [
        "latency p50", ClassicalReport.duration(a.measured.latencyMs.p50),
        ClassicalReport.duration(b.measured.latencyMs.p50),
      ],
    ]
    var lines = [
      context.color.apply(
        .bold,
        to: "Augmentation on \(result.dataset): \(result.ops.joined(separator: ", ")), "
          + "\(result.copies) cop\(result.copies == 1 ? "y" : "ies") per image"
      ),
      "  model: \(result.spec); \(result.epochs) epoch\(result.epochs == 1 ? "" : "s"), "
        + "seed \(context.seed), same held-out split",
    ]
    lines += TextTable(header: ["", "no augmentation", "augmented"], rows: rows).render()
      .split(separator: "\n").map { "  " + $0 }
    let same =
      a.measured.params == b.measured.params && a.measured.sizeBytes == b.measured.sizeBytes
    lines.append(
      same
        ? "  Same parameters, same file: augmentation changes what the model sees, not its size."
        : "  (the two models differ in size: check the spec)"
    )
    if result.ops.contains("flip") {
      lines.append(
        "  Flips suit photos of objects more than digits: a mirrored 3 is not a 3, so a flip can "
          + "cost accuracy."
      )
    }
    if a.fromCache || b.fromCache {
      lines.append("  (weights from the cache: the training times are the stored ones)")
    }
    return lines
  }
}
