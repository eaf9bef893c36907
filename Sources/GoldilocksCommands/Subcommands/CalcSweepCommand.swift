import ArgumentParser
import Engine
import Foundation
import Lab
import SpecLanguage
import Terminal

/// `calc sweep`: train and measure a model at several sizes and chart the results.
struct CalcSweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Train and measure a model at several sizes and chart the results.",
    discussion: """
      --vary NAME=V1,V2,... with NAME
        width     the units (or filters) of the first hidden layer; the other hidden
                  layers are scaled by the same ratio, so one number names the width
        depth     the number of hidden layers (the last hidden layer repeated or removed)
        sparsity  one-shot magnitude pruning of the trained model to each sparsity;
                  its size is the zlib-compressed file, where the zeros pay off
        bits      post-training quantization to 32, 16, 8 or 4 bits
        context, batch, precision, group
                  for language models: calc serve's figures at each value
                  (values optional: --vary context uses 1024 ... 131072)
      Every point is trained (or loaded from the weight cache) and measured; the
      charts show held-out accuracy and batch-1 p50 latency against the size of
      the weight file, where the diminishing returns of a bigger model show. --csv
      and --svg also write the points and the charts to new files (an existing
      file is never replaced).
      """
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]
  @Option(help: "NAME=V1,V2,... with NAME width, depth, sparsity or bits.") var vary: String
  @Option(help: "The dataset (default: the bundled set that fits the input).") var dataset: String?
  @OptionGroup(title: "Training") var training: TrainingOptions
  @Option(help: "Also write the points as CSV to this new file.") var csv: String?
  @Option(help: "Also write the charts as SVG to this new file.") var svg: String?
  @OptionGroup var repeating: RepeatOptions
  @OptionGroup var memory: MemoryOptions

  /// One measured point: the measured-model object plus what was varied.
  struct Row: Encodable {
    let vary: String
    let value: Double
    let spec: String
    let measured: MeasuredModel

    enum Keys: String, CodingKey { case vary, value, spec }

    func encode(to encoder: any Encoder) throws {
      try measured.encode(to: encoder)
      var container = encoder.container(keyedBy: Keys.self)
      try container.encode(vary, forKey: .vary)
      try container.encode(value, forKey: .value)
      try container.encode(spec, forKey: .spec)
    }
  }

  func validate() throws {
    guard ServeComparison.isServingSweep(vary) else { return }
    guard svg == nil else {
      throw GoldilocksError.invalidValue("--svg is not available for serving sweeps; use --csv")
    }
    guard !repeating.isRepeated else {
      throw GoldilocksError.invalidValue(
        "--repeats is not available for serving sweeps: their figures are computed from the architecture, not measured over seeds; drop --repeats"
      )
    }
    if let flag = training.given.first {
      throw GoldilocksError.invalidValue(
        "\(flag) sets how models are trained; a serving sweep computes its figures from the architecture and trains nothing: drop \(flag)"
      )
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    if ServeComparison.isServingSweep(vary) {
      try ServeComparison(context: context).sweep(modelWords: spec, vary: vary, csv: csv)
      return
    }
    let plan: SweepPlan
    do {
      plan = try SweepPlan.parse(vary)
    } catch {
      throw GoldilocksError.invalidValue("--vary \(error)")
    }
    let input = SpecInput(spec)
    let model = try input.model(in: context)
    for path in [csv, svg].compactMap({ $0 }) where FileManager.default.fileExists(atPath: path) {
      throw GoldilocksError.invalidValue(
        "\(path) exists already and is left untouched; choose another file name"
      )
    }
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    let data = try WhatIfRun.dataset(named: dataset, for: model, lab: lab)
    let expanded = (try? ModelSpec.expandedText(input.text)) ?? input.text
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
    var perSeed: [[Row]] = []
    for seed in repeating.seeds(from: context.seed) {
      perSeed.append(
        try measure(
          points,
          plan: plan,
          data: data,
          recipe: training.recipe(seed: seed),
          lab: lab,
          context: context
        )
      )
    }
    // With --repeats the table, charts and CSV show each point's mean over the seeds.
    let rows = repeating.isRepeated ? Self.meanRows(perSeed) : perSeed[0]
    lab.record(command: "calc sweep", spec: expanded, result: rows)
    let charts = Self.charts(rows, plan: plan, data: data)
    if let csv { try SafeFileWriter.write(Data(Self.csv(rows).utf8), to: csv) }
    if let svg {
      let title = "\(expanded) on \(data.name), varying \(plan.knob.rawValue)"
      try SafeFileWriter.write(
        Data(SVGChart(title: title, charts: charts).document().utf8),
        to: svg
      )
    }
    if context.json {
      if repeating.isRepeated {
        try context.printJSON(
          Self.repeatedRows(perSeed, regression: data.task == .regression)
        )
      } else {
        try context.printJSON(rows)
      }
      return
    }
    let renderer = ChartRenderer(width: context.width, color: context.color)
    context.output.line(
      context.color.apply(
        .bold,
        to: "Sweep of \(plan.knob.rawValue) for \(expanded) on \(data.name)"
      )
    )
    context.output.line(table(rows, plan: plan).render())
    for chart in charts {
      context.output.line("")
      context.output.line(renderer.render(chart))
    }
    context.output.line("")
    let returns =
      repeating.isRepeated
      ? Self.repeatedReturns(perSeed, seeds: repeating.seeds(from: context.seed), data: data)
      : Self.returns(rows)
    for line in returns { context.say(line) }
    for (flag, path) in [("CSV", csv), ("SVG", svg)] {
      if let path { context.output.line("Wrote the \(flag) to \(path).") }
    }
  }

  func measure(
    _ points: [(value: Double, spec: String, model: ModelDescription)],
    plan: SweepPlan,
    data: Dataset,
    recipe: TrainingRecipe,
    lab: LabContext,
    context: CommandContext
  ) throws -> [Row] {
    let output = context.forInteractionOutput
    let live = context.session.stdoutIsTerminal && !context.json
    let bar = ProgressBar(width: context.width, color: context.color)
    if !context.session.isREPL { InterruptFlag.installHandler() }
    InterruptFlag.shared.clear()
    defer { InterruptFlag.shared.clear() }
    var rows: [Row] = []
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
        "\(label): \(NumberFormat.grouped(measured.params)) params, accuracy \(String(format: "%.4f", measured.accuracy)), p50 \(CalcTrainCommand.ms(measured.latencyMs.p50))"
          + (trained.fromCache ? " (cached)" : "")
      )
      rows.append(
        Row(vary: plan.knob.rawValue, value: point.value, spec: point.spec, measured: measured)
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

  func table(_ rows: [Row], plan: SweepPlan) -> TextTable {
    TextTable(
      header: [plan.knob.rawValue, "params", "file bytes", "accuracy", "p50 latency", "train s"],
      rows: rows.map { row in
        [
          SweepPlan.label(row.value), NumberFormat.grouped(row.measured.params),
          NumberFormat.grouped(row.measured.sizeBytes),
          String(format: "%.4f", row.measured.accuracy),
          CalcTrainCommand.ms(row.measured.latencyMs.p50),
          String(format: "%.2f", row.measured.trainSeconds),
        ]
      },
      alignments: [.right, .right, .right, .right, .right, .right]
    )
  }

  /// Accuracy and latency against file size; the size axis is logarithmic when it spans
  /// more than a factor of four.
  static func charts(_ rows: [Row], plan: SweepPlan, data: Dataset) -> [Chart] {
    let sizes = rows.map { Double($0.measured.sizeBytes) }
    let logX = (sizes.max() ?? 1) / max(1, sizes.min() ?? 1) > 4
    let xLabel = "weight file size (bytes\(logX ? ", log scale" : ""))"
    func points(_ y: (MeasuredModel) -> Double) -> [ChartPoint] {
      rows.map {
        ChartPoint(
          x: Double($0.measured.sizeBytes),
          y: y($0.measured),
          label: "\(plan.knob.rawValue)=\(SweepPlan.label($0.value))"
        )
      }
    }
    return [
      Chart(
        title: "Accuracy vs size",
        xLabel: xLabel,
        yLabel: "held-out accuracy (\(data.name))",
        points: points(\.accuracy),
        logX: logX,
        yBounds: data.task == .classification ? 0...1 : -Double.greatestFiniteMagnitude...1
      ),
      Chart(
        title: "Latency vs size",
        xLabel: xLabel,
        yLabel: "p50 latency, batch 1 (ms)",
        points: points(\.latencyMs.p50),
        logX: logX,
        yBounds: 0...Double.greatestFiniteMagnitude
      ),
    ]
  }

  /// What each step up in size bought, smallest first: the diminishing returns.
  static func returns(_ rows: [Row]) -> [String] {
    let sorted = rows.sorted { $0.measured.sizeBytes < $1.measured.sizeBytes }
    guard sorted.count >= 2 else { return [] }
    var lines = [
      "What each step up in size bought (one seed, so no interval: --repeats N measures one):"
    ]
    for (small, large) in zip(sorted, sorted.dropFirst()) {
      let ratio = Double(large.measured.sizeBytes) / Double(max(1, small.measured.sizeBytes))
      lines.append(
        "  \(small.vary) \(SweepPlan.label(small.value)) → \(SweepPlan.label(large.value)): "
          + String(
            format: "%.1f× the bytes, %+.2f points of accuracy",
            ratio,
            (large.measured.accuracy - small.measured.accuracy) * 100
          )
      )
    }
    return lines
  }

  static func csv(_ rows: [Row]) -> String {
    var lines = [
      "vary,value,spec,params,nonzero_params,size_bytes,accuracy,latency_p50_ms,latency_p95_ms,latency_p99_ms,train_seconds"
    ]
    for row in rows {
      let m = row.measured
      let spec = "\"" + row.spec.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      lines.append(
        [
          row.vary, SweepPlan.label(row.value), spec, String(m.params), String(m.nonzeroParams),
          String(m.sizeBytes), String(m.accuracy), String(m.latencyMs.p50),
          String(m.latencyMs.p95), String(m.latencyMs.p99), String(m.trainSeconds),
        ].joined(separator: ",")
      )
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension CommandContext {
  /// Where progress of a long command goes: stdout, or stderr under `--json`.
  var forInteractionOutput: any OutputSink { forInteraction().output }
}
