import Engine
import Foundation
import SpecLanguage
import Terminal

/// `calc summary PATH`: a Hugging Face config (as its spec's summary) or a safetensors
/// checkpoint (its tensors from the headers, parameters and bytes by dtype).
struct ModelFileSummary {
  let context: CommandContext
  let expand: Bool

  /// The summary document of a config, with where it came from.
  struct ConfigDocument: Encodable {
    let summary: ModelSummary
    let source: String
    let modelType: String
    let architecture: String
    let notes: [String]

    enum CodingKeys: String, CodingKey {
      case source, notes, architecture
      case modelType = "model_type"
    }

    /// The summary's own fields, then this document's into the same JSON object.
    func encode(to encoder: any Encoder) throws {
      try summary.encode(to: encoder)
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(source, forKey: .source)
      try container.encode(modelType, forKey: .modelType)
      try container.encode(architecture, forKey: .architecture)
      try container.encode(notes, forKey: .notes)
    }
  }

  /// The summary document of a checkpoint.
  struct CheckpointDocument: Encodable {
    struct Tensor: Encodable {
      let name: String
      let dtype: String
      let shape: [Int]
      let params: Int64
      let file: String
    }
    let spec: String
    let source: String
    let totalParams: Int64
    let trainableParams: Int64
    let nonTrainableParams: Int64
    let activeParams: Int64
    let layers: [ModelSummary.Layer]
    let tensors: [Tensor]
    let paramsByDtype: [String: Int64]
    let bytesByDtype: [String: Int64]
    let dataBytes: Int64
    let bufferValues: Int64
    let files: [String]
    let indexTotalSize: Int64?
    let configTotalParams: Int64?
    let bytes: ModelSummary.Bytes

    enum CodingKeys: String, CodingKey {
      case spec, source, layers, tensors, files, bytes
      case totalParams = "total_params"
      case trainableParams = "trainable_params"
      case nonTrainableParams = "non_trainable_params"
      case activeParams = "active_params"
      case paramsByDtype = "params_by_dtype"
      case bytesByDtype = "bytes_by_dtype"
      case dataBytes = "data_bytes"
      case bufferValues = "buffer_values"
      case indexTotalSize = "index_total_size"
      case configTotalParams = "config_total_params"
    }
  }

  func run(path: String) throws {
    let trimmed = path.trimmingCharacters(in: .whitespaces)
    switch try ModelFile.read(path: trimmed) {
    case .config(let config):
      try show(config: config)
    case .checkpoint(let checkpoint, let config):
      try show(checkpoint: checkpoint, config: config)
    }
  }

  private func show(config: HuggingFaceConfig) throws {
    let model = try ModelFileInput.model(config: config)
    let summary = model.summary()
    if context.json {
      try context.printJSON(
        ConfigDocument(
          summary: summary,
          source: config.path,
          modelType: config.modelType,
          architecture: config.architecture,
          notes: config.notes
        )
      )
      return
    }
    context.output.line(
      context.color.apply(.bold, to: "Config: ")
        + "\(config.path) (\(config.modelType), counted as \(config.architecture))"
    )
    for note in config.notes { context.say("note: " + note) }
    context.output.line(
      SummaryRenderer(color: context.color, collapse: !expand).render(summary, expanded: nil)
    )
    context.output.line()
    context.say(
      "Counts are those of transformers' \(config.architecture) (tied weights once); the MACs are for \(model.inputShape.dimensions.first ?? 0) tokens."
    )
  }

  private func show(checkpoint: CheckpointSummary, config: HuggingFaceConfig?) throws {
    let total = checkpoint.totalParameters
    var configTotal: Int64?
    var active = total
    if let config {
      let model = try ModelFileInput.model(config: config)
      configTotal = model.totalParameters
      if model.totalParameters == total { active = model.activeParameters }
    }
    if context.json {
      try context.printJSON(
        CheckpointDocument(
          spec: config?.spec ?? checkpoint.path,
          source: checkpoint.path,
          totalParams: total,
          trainableParams: total,
          nonTrainableParams: 0,
          activeParams: active,
          layers: [],
          tensors: checkpoint.tensors.map {
            CheckpointDocument.Tensor(
              name: $0.name,
              dtype: $0.dtype,
              shape: $0.shape,
              params: $0.params,
              file: $0.file
            )
          },
          paramsByDtype: checkpoint.parametersByDType,
          bytesByDtype: checkpoint.bytesByDType,
          dataBytes: checkpoint.dataBytes,
          bufferValues: checkpoint.bufferValues,
          files: checkpoint.files,
          indexTotalSize: checkpoint.indexTotalSize,
          configTotalParams: configTotal,
          bytes: ModelSummary.Bytes(
            fp32: total &* 4,
            fp16: total &* 2,
            int8: total,
            int4: total / 2 + total % 2
          )
        )
      )
      return
    }
    let color = context.color
    context.output.line(
      color.apply(.bold, to: "Checkpoint: ")
        + "\(checkpoint.path) (\(checkpoint.files.count) file\(checkpoint.files.count == 1 ? "" : "s"), headers only: no weights read)"
    )
    let rows: [[String]]
    if expand {
      rows = checkpoint.tensors.map {
        [$0.name, $0.dtype, NumberFormat.shape($0.shape), NumberFormat.grouped($0.params)]
      }
    } else {
      rows = checkpoint.groupedRows.map { row in
        [
          row.count > 1 ? "\(row.pattern) × \(row.count)" : row.pattern, row.dtype,
          NumberFormat.shape(row.shape), NumberFormat.grouped(row.params),
        ]
      }
    }
    context.output.line(
      TextTable(
        header: ["Tensor", "dtype", "Shape", "Params"],
        rows: rows,
        alignments: [.left, .left, .left, .right]
      ).render()
    )
    context.output.line("Total params:  \(NumberFormat.grouped(total))")
    for (dtype, count) in checkpoint.parametersByDType.sorted(by: { $0.key < $1.key }) {
      let bytes = checkpoint.bytesByDType[dtype] ?? 0
      context.output.line(
        "  \(dtype): \(NumberFormat.grouped(count)) params, \(NumberFormat.bytes(bytes))"
      )
    }
    if checkpoint.bufferValues > 0 {
      context.say(
        "Buffers stored beside them (not parameters): \(NumberFormat.grouped(checkpoint.bufferValues)) values."
      )
    }
    if let size = checkpoint.indexTotalSize {
      let agrees = size == checkpoint.dataBytes ? "agrees" : "differs"
      context.say(
        "The index's total_size \(NumberFormat.grouped(size)) \(agrees) with the \(NumberFormat.grouped(checkpoint.dataBytes)) bytes the headers describe."
      )
    }
    if let config, let configTotal {
      let verdict =
        configTotal == total
        ? "matches"
        : "differs by \(NumberFormat.grouped(total - configTotal)) (tied weights stored twice, or extra tensors?)"
      context.say(
        "config.json beside it (\(config.architecture)) gives \(NumberFormat.grouped(configTotal)) parameters: \(verdict)."
      )
      if active != total {
        context.say("Active per token: \(NumberFormat.grouped(active)).")
      }
    }
  }
}
