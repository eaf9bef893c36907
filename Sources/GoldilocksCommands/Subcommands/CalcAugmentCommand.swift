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
    let context = CommandContext(global)
    let run = AugmentationRun(
      context: context,
      lab: LabContext(context: context, memoryBudget: try memory.budget())
    )
    let result = try run.compare(
      dataset: dataset,
      operations: try operations(),
      copies: copies,
      spec: spec,
      recipe: try training.validatedRecipe(seed: context.seed)
    )
    if context.json {
      try context.printJSON(result)
    } else {
      context.output.line(run.render(result).joined(separator: "\n"))
    }
  }
}
