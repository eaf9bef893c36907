import Engine
import Foundation
import Lab
import Terminal

extension LanguageCompressionRun {
  /// The `calc quantize tiny-gpt --json` document.
  struct QuantizeReport: Encodable {
    let model: String
    let dataset: String
    let steps: Int
    let scheme: Scheme
    let before: LanguageCompressionLab.Measured
    let after: LanguageCompressionLab.Measured
    let changes: Changes
    let timing: Timing

    struct Scheme: Encodable {
      let precision: String
      let groupSize: Int
      let weights: String
      let activations: String
      let quantizedTensors: [String]
      let quantizedParams: Int
      let floatParams: Int
      let kernel: String
    }
  }

  /// The default number of inputs sharing one scale.
  static let defaultGroupSize = 32

  /// `calc quantize tiny-gpt --to int8|int4`: group-wise weight-only quantization.
  func quantize(
    model: ModelDescription,
    configuration: GPTConfiguration,
    dataset: String,
    target: QuantizationTarget,
    groupSize: Int?
  ) throws {
    let bits: Int
    switch target {
    case .int8: bits = 8
    case .int4: bits = 4
    case .fp16:
      throw GoldilocksError.invalidValue(
        "--to fp16: language models are quantized weight-only to int8 or int4 here; give --to int8 or --to int4"
      )
    }
    let group = groupSize ?? Self.defaultGroupSize
    let widths = Set([configuration.width, configuration.hiddenWidth, configuration.attentionWidth])
    guard group >= 16, group % 16 == 0, widths.allSatisfy({ $0 % group == 0 }) else {
      throw GoldilocksError.invalidValue(
        "--group: \(group) inputs per scale does not fit; give a multiple of 16 that divides every layer's input width (\(widths.sorted().map(String.init).joined(separator: ", "))), such as 32 or 64"
      )
    }
    let base = try self.base(
      model: model,
      configuration: configuration,
      dataset: dataset,
      command: "calc quantize"
    )
    let fp32 = base.trained.model
    let quantized = try QuantizedGPTModel(fp32, bits: bits, groupSize: group)
    let measuring = try compressionLab(base)
    let comparison = try measuring.compare(
      .init(
        model: fp32,
        subject: .float(fp32),
        file: LanguageModelLab.weightFile(fp32, name: base.name),
        trainSeconds: base.trained.trainSeconds
      ),
      .init(
        model: quantized.dequantized,
        subject: .quantized(quantized),
        file: quantized.weightFile(name: base.name),
        trainSeconds: base.trained.trainSeconds
      )
    )
    let precision = "int\(bits)"
    let scheme = QuantizeReport.Scheme(
      precision: precision,
      groupSize: group,
      weights:
        "symmetric \(precision) codes in [-\(bits == 8 ? 127 : 7), \(bits == 8 ? 127 : 7)], one fp16 scale (max |w| / \(bits == 8 ? 127 : 7)) per \(group) consecutive inputs of each output row"
        + (bits == 4 ? ", packed two codes per byte" : ""),
      activations: "fp32 (weight-only)",
      quantizedTensors: fp32.matrices.map(\.name),
      quantizedParams: quantized.quantizedParameterCount,
      floatParams: fp32.parameterCount - quantized.quantizedParameterCount,
      kernel:
        "generation multiplies by the \(precision) codes directly: each weight row's codes are widened to float in SIMD registers, multiplied by the fp32 activations, summed per group and scaled once per group (dequantized on the fly, no int8 dot-product instructions, since the activations stay fp32); the validation loss is computed with the dequantized weights, the same numbers"
    )
    let report = QuantizeReport(
      model: base.name,
      dataset: dataset,
      steps: base.recipe.steps,
      scheme: scheme,
      before: comparison.before,
      after: comparison.after,
      changes: Changes(comparison),
      timing: timing(measuring)
    )
    lab.record(command: "calc quantize", spec: base.name, result: report)
    if context.json {
      try context.printJSON(report)
      return
    }
    var lines = [
      context.color.apply(
        .bold,
        to:
          "Quantized \(base.name) (\(base.recipe.steps) steps on \(dataset)) to \(precision), weight-only"
      ),
      "  \(scheme.weights).",
      "  Quantized: \(NumberFormat.grouped(scheme.quantizedParams)) weights in \(scheme.quantizedTensors.count) matrices (every block's 4 linear layers and the token embedding, which is also the tied output head); kept fp32: \(NumberFormat.grouped(scheme.floatParams)) (position table, biases, layer norms).",
      "",
    ]
    lines += table([("fp32", comparison.before), (precision, comparison.after)])
    lines.append("")
    lines += verdicts(comparison, after: precision, before: "fp32")
    lines.append(
      "  File: \(String(format: "%.2f", 1 / Changes(comparison).sizeRatio))× smaller (bytes written: codes, fp16 scales, fp32 rest, safetensors header); perplexity ×\(String(format: "%.4f", Changes(comparison).perplexityRatio))."
    )
    lines.append(
      "  Speed: \(measuring.benchmark.rounds) rounds of \(measuring.benchmark.tokens) tokens each (batch 1, KV cache, greedy), the two models in turn. \(precision) runs its codes with float activations (dequantized on the fly)."
    )
    context.output.line(lines.joined(separator: "\n"))
  }
}
