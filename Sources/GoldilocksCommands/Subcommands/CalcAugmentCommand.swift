import ArgumentParser
import Engine
import Foundation
import Lab
import Terminal

/// `calc augment`: train with image augmentation and compare with none.
struct CalcAugmentCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "augment",
    abstract: "Train with image augmentation and compare with none.",
    discussion: """
      Trains the same model twice with the same seed and epochs: on the training
      images as they are, and on those images plus --copies augmented copies of
      each (shifts of ±1 px on 8×8 digits or ±2 px on 28×28 images, rotations
      within ±15° with bilinear sampling, horizontal flips half the time, Gaussian
      noise σ = 0.05), made once before training. Both are measured on the same
      untouched held-out split. The model (default a small MLP) and its file are
      the same size; training takes longer and accuracy moves. Flips suit photos
      of objects more than digits: a mirrored 3 is not a 3.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(help: "shift, rotate, flip, noise (comma-separated).") var ops: String =
    "shift,rotate,noise"
  @Option(parsing: .unconditional, help: "Augmented copies of each training image.") var copies:
    Int = 1
  @Option(help: "The model in the spec language (default: a small MLP for the dataset).")
  var spec: String?
  @OptionGroup(title: "Training") var training: TrainingOptions
  @OptionGroup var memory: MemoryOptions

  /// The operations `--ops` names.
  private func operations() throws -> [ImageAugmentation.Operation] {
    do {
      return try ImageAugmentation.operations(ops)
    } catch {
      throw GoldilocksError.invalidValue("--ops: \(error)")
    }
  }

  func validate() throws {
    _ = try operations()
    try ClassicalReport.check("--epochs", training.recipe(seed: 0).epochs, in: 1...200)
    try ClassicalReport.check("--copies", copies, in: 1...10)
  }

  mutating func run() throws {
    let operations = try operations()
    let context = CommandContext(global)
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    let data = try lab.dataset(dataset)
    let augmented = try ImageAugmentation.augmenting(
      data,
      operations: operations,
      copies: copies,
      seed: context.seed
    )
    let model = spec ?? ComparedRun.smallMLP(for: data)
    let recipe = try training.validatedRecipe(seed: context.seed)
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
      spec: "\(model) | ops=\(ops) copies=\(copies) epochs=\(recipe.epochs) dataset=\(dataset)",
      result: result
    )
    if context.json {
      try context.printJSON(result)
      return
    }
    context.output.line(render(result, context: context).joined(separator: "\n"))
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

  func render(_ result: Comparison, context: CommandContext) -> [String] {
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
