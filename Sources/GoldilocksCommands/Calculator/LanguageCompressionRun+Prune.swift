import ArgumentParser
import Engine
import Foundation
import Lab
import Terminal

/// What structured pruning of a language model removes.
enum LanguagePruneUnits: String, ExpressibleByArgument, CaseIterable {
  /// Whole attention heads.
  case heads
  /// Hidden features of the MLPs.
  case mlp
  /// Both.
  case both
}

extension LanguageCompressionRun {
  /// The `calc prune tiny-gpt --json` document.
  struct PruneReport: Encodable {
    let model: String
    let dataset: String
    let steps: Int
    let method: String
    let sparsity: Double
    let finetuneSteps: Int
    let finetuneSeconds: Double
    let before: LanguageCompressionLab.Measured
    let after: LanguageCompressionLab.Measured
    let changes: Changes
    let timing: Timing
    /// Magnitude pruning: weights zeroed in the block matrices, and the dense file's size.
    let prunedWeights: Int?
    let denseSizeBytes: Int?
    /// Structured pruning: the shape after.
    let headsRemoved: Int?
    let hiddenRemoved: Int?
    let configurationAfter: PrunedShape?
    let paramsByFormula: Int?
    let storedForm: String

    struct PrunedShape: Encodable {
      let layers: Int
      let heads: Int
      let headSize: Int
      let width: Int
      let hiddenWidth: Int
    }
  }

  /// `calc prune tiny-gpt --sparsity S [--structured [--units heads|mlp|both]] [--global]
  /// [--finetune-steps N]`.
  func prune(
    model: ModelDescription,
    configuration: GPTConfiguration,
    dataset: String,
    sparsity: Double,
    structured: Bool,
    global: Bool,
    units: LanguagePruneUnits?,
    finetuneSteps: Int?
  ) throws {
    if units != nil && !structured {
      throw GoldilocksError.invalidValue(
        "--units chooses what --structured removes (heads, mlp or both); add --structured, or drop --units for magnitude pruning"
      )
    }
    let steps = finetuneSteps ?? 0
    guard (0...LanguageTrainingRecipe.maximumSteps).contains(steps) else {
      throw GoldilocksError.invalidValue(
        "--finetune-steps: give between 0 and \(LanguageTrainingRecipe.maximumSteps) steps, got \(steps)"
      )
    }
    let removedHeads: Int
    let removedHidden: Int
    if structured {
      let what = units ?? .both
      removedHeads =
        what == .mlp ? 0 : Int((sparsity * Double(configuration.heads)).rounded())
      removedHidden =
        what == .heads ? 0 : Int((sparsity * Double(configuration.hiddenWidth)).rounded())
      if removedHeads >= configuration.heads {
        throw GoldilocksError.invalidValue(
          "--sparsity \(sparsity) would remove all \(configuration.heads) heads of each block; give a smaller --sparsity"
        )
      }
      if removedHeads == 0 && removedHidden == 0 {
        throw GoldilocksError.invalidValue(
          "--sparsity \(sparsity) removes nothing: \(configuration.heads) heads and \(configuration.hiddenWidth) hidden features per block round to none; give at least \(String(format: "%.3g", 0.5 / Double(configuration.heads))) for one head"
        )
      }
    } else {
      removedHeads = 0
      removedHidden = 0
    }
    let base = try self.base(
      model: model,
      configuration: configuration,
      dataset: dataset,
      command: "calc prune"
    )
    let original = base.trained.model
    var pruned = original
    var mask: [Float]?
    if structured {
      pruned = try pruned.removingHeads(removedHeads).removingHiddenFeatures(removedHidden)
    } else {
      let keep = try original.magnitudeMask(sparsity: sparsity, global: global)
      pruned.apply(mask: keep)
      mask = keep
    }
    var finetuneSeconds = 0.0
    if steps > 0 {
      let recipe = LanguageTrainingRecipe(
        steps: steps,
        batchSize: base.recipe.batchSize,
        seed: context.seed &+ 1
      )
      let run = try withInterrupts { reporter in
        try LanguageModelFineTuner(recipe: recipe, mask: mask).train(
          &pruned,
          on: base.corpus,
          progress: reporter.handle,
          isCancelled: { InterruptFlag.shared.isRaised }
        )
      }
      if run.cancelled {
        throw GoldilocksError.stopped(
          "stopped while fine-tuning the pruned model after \(run.completedSteps) of \(steps) steps; nothing was measured"
        )
      }
      finetuneSeconds = run.seconds
    }
    let afterFile =
      structured
      ? LanguageModelLab.weightFile(pruned, name: base.name)
      : LanguageCompressionLab.sparseFile(pruned, name: base.name)
    let measuring = try compressionLab(base)
    let comparison = try measuring.compare(
      .init(
        model: original,
        subject: .float(original),
        file: LanguageModelLab.weightFile(original, name: base.name),
        trainSeconds: base.trained.trainSeconds
      ),
      .init(
        model: pruned,
        subject: .float(pruned),
        file: afterFile,
        trainSeconds: base.trained.trainSeconds + finetuneSeconds
      )
    )
    var denseSize: Int?
    if !structured {
      denseSize = try LanguageCompressionLab.writtenSizes([
        LanguageModelLab.weightFile(pruned, name: base.name)
      ]).first
    }
    let c = pruned.configuration
    let method = structured ? "structured" : (global ? "global magnitude" : "per-layer magnitude")
    let report = PruneReport(
      model: base.name,
      dataset: dataset,
      steps: base.recipe.steps,
      method: method,
      sparsity: sparsity,
      finetuneSteps: steps,
      finetuneSeconds: finetuneSeconds,
      before: comparison.before,
      after: comparison.after,
      changes: Changes(comparison),
      timing: timing(measuring),
      prunedWeights: structured ? nil : mask.map { keep in keep.filter { $0 == 0 }.count },
      denseSizeBytes: denseSize,
      headsRemoved: structured ? removedHeads : nil,
      hiddenRemoved: structured ? removedHidden : nil,
      configurationAfter: structured
        ? .init(
          layers: c.layers,
          heads: c.heads,
          headSize: c.headSize,
          width: c.width,
          hiddenWidth: c.hiddenWidth
        ) : nil,
      paramsByFormula: structured ? c.parameterCount : nil,
      storedForm: structured
        ? "dense F32 safetensors of the smaller model"
        : "sparse safetensors: each block matrix as a bitmask (1 bit per weight) and its nonzero F32 values; the rest F32"
    )
    lab.record(command: "calc prune", spec: base.name, result: report)
    if context.json {
      try context.printJSON(report)
      return
    }
    var lines = [
      context.color.apply(
        .bold,
        to:
          "Pruned \(base.name) (\(base.recipe.steps) steps on \(dataset)): \(method), sparsity \(sparsity)"
      )
    ]
    if structured {
      lines.append(
        "  Removed \(removedHeads) of \(configuration.heads) heads and \(removedHidden) of \(configuration.hiddenWidth) MLP features in each of the \(c.layers) blocks (smallest L2 norm); now \(c.heads) heads of \(c.headSize) and \(c.hiddenWidth) MLP features: \(NumberFormat.grouped(c.parameterCount)) parameters by the formula."
      )
    } else if let pruned = report.prunedWeights {
      lines.append(
        "  Zeroed \(NumberFormat.grouped(pruned)) of the \(NumberFormat.grouped(original.prunableMatrices.reduce(0) { $0 + $1.count })) weights of the blocks' linear layers (smallest |w|, \(global ? "ranked across all layers" : "each layer on its own")); embedding, positions, biases and norms kept."
      )
    }
    if steps > 0 {
      lines.append(
        "  Fine-tuned for \(steps) steps (\(String(format: "%.1f", finetuneSeconds)) s)\(structured ? "" : " with the zeros held")."
      )
    }
    lines.append("")
    lines += table([("before", comparison.before), ("pruned", comparison.after)])
    lines.append("")
    lines += verdicts(comparison, after: "pruned", before: "before")
    if let denseSize {
      lines.append(
        "  Stored: the sparse file (bitmask + nonzero values) is \(NumberFormat.grouped(comparison.after.sizeBytes)) bytes; the same weights stored densely take \(NumberFormat.grouped(denseSize)) bytes: zeros cost 4 bytes each unless the format skips them. Generation runs the dense kernels, so zeros save no time."
      )
    } else {
      lines.append(
        "  Stored: a dense file of the smaller model; generation runs fewer multiply-adds per token."
      )
    }
    context.output.line(lines.joined(separator: "\n"))
  }
}
