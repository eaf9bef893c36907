import Engine
import Terminal

/// The Keras-like table of `calc summary`, with totals, bytes per precision and memory.
struct SummaryRenderer {
  let color: ColorMode
  /// Whether identical consecutive layers become one row with "× N" (torchinfo's depth).
  var collapse = false

  func render(_ summary: ModelSummary, expanded: String?) -> String {
    var lines: [String] = []
    lines.append(color.apply(.bold, to: "Model: ") + summary.spec)
    if let expanded, expanded != summary.spec {
      lines.append(color.apply(.dim, to: "  = " + expanded))
    }
    var table = TextTable(
      header: ["Layer (type)", "Output shape", "Params", "MACs"],
      rows: LayerRowGroup.groups(of: summary.layers, collapse: collapse).map { group in
        [
          group.title, NumberFormat.shape(group.layer.outputShape),
          NumberFormat.grouped(group.params), NumberFormat.grouped(group.macs),
        ]
      },
      alignments: [.left, .left, .right, .right]
    )
    table.rulesAfter = []
    lines.append(table.render())
    let total = summary.totalParams
    lines.append(
      "Total params:         \(NumberFormat.grouped(total)) (\(NumberFormat.bytes(summary.bytes.fp32)) at fp32)"
    )
    if summary.activeParams != summary.totalParams {
      lines.append(
        "Active per token:     \(NumberFormat.grouped(summary.activeParams)) (mixture of experts: the rest sit idle for each token)"
      )
    }
    lines.append("Trainable params:     \(NumberFormat.grouped(summary.trainableParams))")
    lines.append("Non-trainable params: \(NumberFormat.grouped(summary.nonTrainableParams))")
    lines.append(
      "MACs per example:     \(NumberFormat.grouped(summary.macs)) (= \(NumberFormat.grouped(summary.macs * 2)) FLOPs)"
    )
    lines.append("")
    lines.append(color.apply(.bold, to: "Weight bytes by precision"))
    let precisions: [(String, Int64)] = [
      ("fp32", summary.bytes.fp32), ("fp16", summary.bytes.fp16), ("int8", summary.bytes.int8),
      ("int4", summary.bytes.int4),
    ]
    lines.append(
      TextTable(
        header: ["precision", "bytes", "size"],
        rows: precisions.map { [$0.0, NumberFormat.grouped($0.1), NumberFormat.bytes($0.1)] },
        alignments: [.left, .right, .right]
      ).render()
    )
    lines.append("")
    lines.append(color.apply(.bold, to: "Estimated peak memory"))
    lines.append(
      "  inference, batch 1:          \(NumberFormat.bytes(summary.memory.inferenceBytes))  (weights + largest layer input and output)"
    )
    lines.append(
      "  Adam training step, batch 32: \(NumberFormat.bytes(summary.memory.trainingBytes))  (weights, gradients, 2 moments, activations)"
    )
    return lines.joined(separator: "\n")
  }
}
