import Engine
import Foundation
import Lab
import SpecLanguage
import Terminal

/// `calc sweep` for a model it trains: builds the spec of every point of a `SweepPlan`,
/// trains each (or loads it from the weight cache) once per seed, and measures it; sparsity
/// and bits compress the one trained model as `calc whatif` does.
struct SweepRun {
  let context: CommandContext
  let lab: LabContext

  /// The points measured, seed by seed (`perSeed[seed][point]`).
  struct Outcome {
    let plan: SweepPlan
    /// The spec swept, presets expanded.
    let expanded: String
    let data: Dataset
    let perSeed: [[SweepReport.Row]]
  }

  /// Sweeps `input` over `plan` on `datasetName` (or the bundled set that fits it).
  func run(
    _ input: SpecInput,
    plan: SweepPlan,
    datasetName: String?,
    training: TrainingOptions,
    seeds: [UInt64]
  ) throws -> Outcome {
    let model = try input.model(in: context)
    let data = try WhatIfRun.dataset(named: datasetName, for: model, lab: lab)
    let expanded = input.expandedText
    let terms = SpecRewriter.terms(expanded)
    var points: [(value: Double, spec: String, model: ModelDescription)] = []
    for value in plan.values {
      let text = try plan.spec(terms, value: value)
      do {
        points.append((value, text, try ModelSpec.parse(text)))
      } catch {
        throw GoldilocksError.invalidValue(
          "\(plan.knob.rawValue)=\(SweepPlan.label(value)) gives `\(text)`, which does not work: \(error)"
        )
      }
    }
    var perSeed: [[SweepReport.Row]] = []
    for seed in seeds {
      perSeed.append(
        try measure(points, plan: plan, data: data, recipe: training.recipe(seed: seed))
      )
    }
    return Outcome(plan: plan, expanded: expanded, data: data, perSeed: perSeed)
  }

  /// Trains (or loads) and measures every point with `recipe`, with a progress bar at a
  /// terminal and one line per point.
  func measure(
    _ points: [(value: Double, spec: String, model: ModelDescription)],
    plan: SweepPlan,
    data: Dataset,
    recipe: TrainingRecipe
  ) throws -> [SweepReport.Row] {
    let output = context.forInteractionOutput
    let live = context.session.stdoutIsTerminal && !context.json
    let bar = ProgressBar(width: context.width, color: context.color)
    if !context.session.isREPL { InterruptFlag.installHandler() }
    InterruptFlag.shared.clear()
    defer { InterruptFlag.shared.clear() }
    var rows: [SweepReport.Row] = []
    for (index, point) in points.enumerated() {
      let name = "\(plan.knob.rawValue)=\(SweepPlan.label(point.value))"
      let label = "point \(index + 1)/\(points.count) \(name)"
      let fitted = data.fitted(to: point.model.inputShape.dimensions)
      let trained = try lab.lab.train(
        point.model,
        spec: point.spec,
        on: fitted,
        recipe: recipe,
        progress: { event in
          guard live,
            case .batchEnded(let epoch, let epochs, let batch, let batches, _, _) = event,
            batch % max(1, batches / 20) == 0 || batch == batches
          else { return }
          let within =
            (Double(epoch - 1) + Double(batch) / Double(max(1, batches))) / Double(epochs)
          output.write(
            bar.render(
              label: label,
              fraction: (Double(index) + within) / Double(points.count),
              details: "epoch \(epoch)/\(epochs)"
            )
          )
        },
        isCancelled: { InterruptFlag.shared.isRaised }
      )
      if live { output.write("\r\u{1B}[K") }
      guard trained.fromCache || trained.completedEpochs >= recipe.epochs else {
        throw GoldilocksError.invalidValue(
          "stopped at \(name); the \(index) finished point\(index == 1 ? " is" : "s are") cached"
        )
      }
      // Width and depth change the model; sparsity and bits compress the one trained model,
      // measured as `calc whatif prune=S` and `quantize=…` measure it.
      let measured =
        plan.knob == .sparsity || plan.knob == .bits
        ? try WhatIfRun(context: context).compress(
          trained,
          data: fitted,
          lab: lab.lab,
          changes: Self.compression(plan.knob, value: point.value)
        ).measured
        : try lab.lab.measure(trained.network, on: fitted, trainSeconds: trained.trainSeconds)
      output.line(
        "\(label): \(NumberFormat.grouped(measured.params)) params, accuracy \(String(format: "%.4f", measured.accuracy)), p50 \(NumberFormat.milliseconds(measured.latencyMs.p50))"
          + (trained.fromCache ? " (cached)" : "")
      )
      rows.append(
        SweepReport.Row(
          vary: plan.knob.rawValue,
          value: point.value,
          spec: point.spec,
          measured: measured
        )
      )
    }
    return rows
  }

  /// The compression a sparsity or bits value stands for (none for 32 bits).
  static func compression(_ knob: SweepPlan.Knob, value: Double) -> [WhatIfChange] {
    switch knob {
    case .sparsity:
      return [.prune(value)]
    case .bits:
      switch value {
      case 16: return [.quantize("fp16")]
      case 8: return [.quantize("int8")]
      case 4: return [.quantize("int4")]
      default: return []
      }
    case .width, .depth:
      return []
    }
  }
}
