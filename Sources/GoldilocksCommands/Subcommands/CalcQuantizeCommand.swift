import ArgumentParser
import Engine
import Foundation
import Lab
import SpecLanguage
import Terminal

/// `calc quantize`: quantize a trained model and measure before and after.
struct CalcQuantizeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "quantize",
    abstract: "Quantize a trained model and measure before and after.",
    discussion: """
      Trains the fp32 model as `calc train` does (or reuses its cached weights),
      quantizes it after training, writes both to real safetensors files and
      measures each: file size from the bytes written, held-out accuracy of the
      quantized inference path, and batch-1 latency.

      fp16: F16 weights; this CPU computes in fp32 on fp16-rounded weights and
      activations.
      int8: static post-training quantization. Activation ranges are calibrated on
      --calibration training examples; dense and conv2d run in integer arithmetic
      (int8 GEMM, int32 accumulators, requantization); pooling, batch norm and
      softmax run in float on dequantized values. Weights are symmetric int8
      [-127, 127] by default, or uint8 with a zero point with --asymmetric
      (activations then uint8 too).
      int4: packed two per byte (storage only; inference dequantizes to float). An
      analytic-only preset (such as bert-base) gets its size at each precision and
      no measurement, since it cannot be trained here.

      A language model (tiny-gpt) starts from the fp32 model `calc train --steps N`
      trains (or its cached weights) and is quantized weight-only: int8 or int4,
      symmetric, one fp16 scale per --group inputs of each row (default 32), for the
      block matrices and the tied embedding/head. Reported side by side: validation
      loss and perplexity on calc train's fixed windows (the change with a 95 %
      interval over the windows), the bytes of each file written, and generation
      speed with the KV cache in --rounds alternating rounds.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(help: "The precision to quantize to.") var to: QuantizationTarget
  @Flag(name: .customLong("per-channel"), help: "One scale per output channel.") var perChannel =
    false
  @Flag(help: "uint8 with a zero point instead of symmetric int8.") var asymmetric = false
  @OptionGroup(title: "Training") var training: TrainingOptions
  @Option(
    parsing: .unconditional,
    help: "Training examples used to calibrate int8 activation ranges."
  )
  var calibration: Int = 256
  @OptionGroup var repeating: RepeatOptions
  @OptionGroup var memory: MemoryOptions
  @Option(
    parsing: .unconditional,
    help: "Language models only: inputs sharing one scale in group-wise int8/int4 (default 32)."
  )
  var group: Int?
  @OptionGroup(title: "Language models") var language: LanguageModelOptions

  func validate() throws {
    if to == .int8 && calibration < 1 {
      throw GoldilocksError.invalidValue(
        "int8 static quantization needs calibration data: --calibration must be at least 1 training example (got \(calibration)); each layer's activation scale and zero point come from the range it sees on them"
      )
    }
    if to == .fp16 && (perChannel || asymmetric) {
      throw GoldilocksError.invalidValue(
        "fp16 has no scales or zero points; --per-channel and --asymmetric apply to int8 and int4"
      )
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let input = SpecInput(spec)
    let model = try input.model(in: context)
    if let configuration = GPTConfiguration(model: model) {
      try quantizeLanguageModel(model, configuration: configuration, context: context)
      return
    }
    try refuseLanguageModelOptions(for: input.text)
    do {
      try model.requireBuildable(for: "quantize")
    } catch {
      try reportAnalytic(model, target: to, context: context, reason: "\(error)")
      return
    }
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    let outcome = try QuantizeRun(context: context, lab: lab).run(
      model,
      spec: input,
      datasetName: dataset,
      settings: settings,
      training: training,
      repeating: repeating
    )
    lab.record(command: "calc quantize", spec: outcome.report.spec, result: outcome.report)
    try report(outcome, title: input.text, context: context)
  }

  /// The scheme the options ask for.
  var settings: QuantizeRun.Settings {
    QuantizeRun.Settings(
      target: to,
      perChannel: perChannel,
      asymmetric: asymmetric,
      calibration: calibration
    )
  }

  /// Prints the outcome: the first seed's report (or, with `--repeats` and `--json`, the
  /// intervals over the seeds), then the verdicts on latency and accuracy.
  private func report(_ outcome: QuantizeRun.Outcome, title: String, context: CommandContext)
    throws
  {
    let report = outcome.report
    let comparison = outcome.comparison
    if context.json {
      let header = QuantizeReport.Header(
        spec: report.spec,
        dataset: report.dataset,
        scheme: report.scheme
      )
      if repeating.isRepeated, let repeated = comparison.report(extra: header) {
        try context.printJSON(repeated)
      } else {
        try context.printJSON(report)
      }
      return
    }
    let lines = report.lines(
      title: title,
      context: context,
      breakdown: outcome.breakdown,
      data: outcome.data
    )
    context.output.line(lines.joined(separator: "\n"))
    context.say(
      "Latency, \(to.rawValue) against fp32, timed in alternating rounds: "
        + IntervalFormat.latencyVerdict(outcome.latency).sentence + "."
    )
    context.say("Quantized against fp32: " + comparison.accuracy.sentence + ".")
    if repeating.isRepeated, let over = comparison.overSeeds(before: "fp32", after: to.rawValue) {
      context.say(over)
    }
  }

  /// Size answers for a model that cannot be trained here.
  private func reportAnalytic(
    _ model: ModelDescription,
    target: QuantizationTarget,
    context: CommandContext,
    reason: String
  ) throws {
    let bytes: [(String, Int64)] = [
      ("fp32", model.bytes.fp32), ("fp16", model.bytes.fp16), ("int8", model.bytes.int8),
      ("int4", model.bytes.int4),
    ]
    let message =
      "\(SpecInput(spec).text) is analytic-only: it cannot be trained or run here, so quantize cannot measure its accuracy or latency; these are its weight bytes at each precision (from `calc summary`), without scales, zero points or file header."
    if context.json {
      struct Analytic: Encodable {
        let spec: String
        let measured: Bool
        let params: Int64
        let bytes: [String: Int64]
        let target: String
        let message: String
      }
      try context.printJSON(
        Analytic(
          spec: model.spec,
          measured: false,
          params: model.totalParameters,
          bytes: Dictionary(uniqueKeysWithValues: bytes),
          target: target.rawValue,
          message: message
        )
      )
      return
    }
    let table = TextTable(
      header: ["precision", "weight bytes", "vs fp32"],
      rows: bytes.map { name, value in
        [
          name + (name == target.rawValue ? " ←" : ""), NumberFormat.grouped(value),
          String(format: "%.1f%%", 100 * Double(value) / Double(max(model.bytes.fp32, 1))),
        ]
      },
      alignments: [.left, .right, .right]
    )
    context.output.line(
      [
        context.color.apply(
          .bold,
          to: "\(SpecInput(spec).text): \(NumberFormat.grouped(model.totalParameters)) parameters"
        ),
        table.render(),
        message,
      ].joined(separator: "\n")
    )
  }
}
