import Engine
import Foundation
import Lab
import Terminal

/// What `calc quantize` reports for a classification or regression model: the scheme,
/// fp32 against quantized, the file's bytes by kind, which layers run in integers.
///
/// It is also what `--json` prints.
struct QuantizeReport: Encodable {
  let spec: String
  let dataset: String
  let scheme: Scheme
  let before: MeasuredModel
  let after: MeasuredModel
  let files: Files
  let bytes: [String: Int]
  let integerLayers: [String]
  let floatLayers: [String]
  let notes: [String]
  /// Quantized minus fp32 batch-1 latency (ms), from interleaved paired timing rounds.
  var latencyChangeMs: ConfidenceInterval? = nil
  /// Precision, recall, F1 and the confusion matrix of fp32 and quantized (classification).
  var classificationBefore: ClassificationMetrics? = nil
  var classificationAfter: ClassificationMetrics? = nil

  struct Scheme: Encodable {
    let precision: String
    let perChannel: Bool
    let asymmetric: Bool
    let weights: String
    let activations: String?
    let calibrationExamples: Int
  }

  struct Files: Encodable {
    let before: String
    let after: String
  }

  /// What `--json` prints with `--repeats` beside the intervals and verdicts of
  /// `SeedComparison.Report`.
  struct Header: Encodable {
    let spec: String
    let dataset: String
    let scheme: Scheme
  }
}

extension QuantizeReport {
  /// The terminal report: the before/after table (led by the classification figures on
  /// imbalanced data), where the bytes go, the notes on what runs in integers, the files.
  func lines(
    title spec: String,
    context: CommandContext,
    breakdown: [(QuantizedModel.ByteCategory, Int)],
    data: Dataset
  ) -> [String] {
    let report = self
    let before = report.before
    let after = report.after
    let metric = data.task == .classification ? "accuracy" : "R²"
    let label =
      report.scheme.precision + (scheme.perChannel ? " per-channel" : "")
      + (scheme.asymmetric ? " asymmetric" : "")
    func percent(_ a: Int, _ b: Int) -> String {
      b == 0 ? "" : String(format: "%.1f%% of fp32", 100 * Double(a) / Double(b))
    }
    let table = TextTable(
      header: ["", "fp32 (before)", "\(label) (after)", "change"],
      rows: [
        [
          "file size", "\(NumberFormat.grouped(before.sizeBytes)) B",
          "\(NumberFormat.grouped(after.sizeBytes)) B", percent(after.sizeBytes, before.sizeBytes),
        ],
        [
          metric, String(format: "%.4f", before.accuracy), String(format: "%.4f", after.accuracy),
          String(format: "%+.2f points", 100 * (after.accuracy - before.accuracy)),
        ],
        [
          "p50 latency", NumberFormat.milliseconds(before.latencyMs.p50),
          NumberFormat.milliseconds(after.latencyMs.p50),
          String(format: "×%.2f", after.latencyMs.p50 / max(before.latencyMs.p50, 1e-9)),
        ],
        [
          "params", NumberFormat.grouped(before.params), NumberFormat.grouped(after.params),
          "same count, fewer bits",
        ],
      ],
      alignments: [.left, .right, .right, .right]
    )
    var classification: [String] = []
    if let first = report.classificationBefore, let second = report.classificationAfter {
      classification.append(
        ClassificationSummary.comparison([("fp32", first), (report.scheme.precision, second)])
      )
      classification += ClassificationSummary.confusion(
        second,
        of: "\(report.scheme.precision) model"
      )
    }
    // On imbalanced data the classification figures lead; accuracy alone misleads there.
    let leads = report.classificationAfter?.isImbalanced() ?? false
    var lines = [
      context.color.apply(.bold, to: "Quantized \(spec) on \(dataset) to \(label)")
    ]
    if leads, let second = report.classificationAfter {
      lines += classification + [ClassificationSummary.imbalanceNote(second)]
    }
    lines += [
      table.render(),
      "Where the \(NumberFormat.grouped(after.sizeBytes)) bytes go: "
        + breakdown.map { "\(Self.categoryLabel($0.0)) \(NumberFormat.grouped($0.1))" }
        .joined(separator: ", ") + ".",
    ]
    if !leads { lines += classification }
    lines += report.notes
    lines.append(
      context.color.apply(.dim, to: "files: \(report.files.before), \(report.files.after)")
    )
    return lines
  }

  static func categoryLabel(_ category: QuantizedModel.ByteCategory) -> String {
    switch category {
    case .weights: return "weights"
    case .scales: return "weight scales"
    case .zeroPoints: return "zero points"
    case .int32Biases: return "int32 biases"
    case .activationScales: return "activation scales"
    case .float32: return "left in float32"
    case .header: return "file header"
    }
  }

  static func weightScheme(_ target: QuantizationTarget, asymmetric: Bool) -> String {
    switch target {
    case .fp16: return "fp16"
    case .int8: return asymmetric ? "uint8 asymmetric [0, 255]" : "int8 symmetric [-127, 127]"
    case .int4: return asymmetric ? "uint4 asymmetric [0, 15]" : "int4 symmetric [-7, 7]"
    }
  }

  static func notes(_ model: QuantizedModel, target: QuantizationTarget) -> [String] {
    switch target {
    case .fp16:
      return [
        "fp16: weights are stored as F16; this CPU has no fp16 arithmetic, so each layer computes in fp32 on fp16-rounded weights and its output is rounded to fp16 (as CPU runtimes do)."
      ]
    case .int4:
      return [
        "int4 is storage only here: codes are packed two per byte (U8 tensors of ⌈n/2⌉ bytes) and unpacked and dequantized to float for inference, so latency is the float path's."
      ]
    case .int8:
      var lines = [
        "Integer arithmetic: \(model.integerLayers.joined(separator: ", ")) (int8 GEMM, int32 accumulators, requantized per layer; activations calibrated on \(model.calibrationCount) training examples)."
      ]
      // Only a layer with weights has a kernel to store in 8 bits; pooling, normalisation
      // without weights and the like simply run in float.
      let weighted = Set(model.source.layers.filter { !$0.weights.isEmpty }.map(\.name))
      let withKernels = model.floatLayers.filter { weighted.contains($0) }
      let withoutWeights = model.floatLayers.filter { !weighted.contains($0) }
      if !withKernels.isEmpty {
        lines.append(
          "Float on dequantized values: \(withKernels.joined(separator: ", ")) (their kernels are stored in 8 bits and dequantized)."
        )
      }
      if !withoutWeights.isEmpty {
        lines.append(
          "Float, with no weights to quantize: \(withoutWeights.joined(separator: ", ")) (they run on float values between the integer layers)."
        )
      }
      return lines
    }
  }
}
