import ArgumentParser
import Engine
import Foundation
import Terminal

/// `calc export`: writes a model's weights to a real safetensors file.
struct CalcExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a model's weights (Keras-style initialised) to a safetensors file.",
    discussion: """
      Weights are initialised as Keras does (Glorot uniform kernels, zero biases,
      batch norm 1/0/0/1) from --seed. The file is written to a temporary name and
      renamed, so a failed export leaves nothing behind; an existing file is never
      overwritten.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]
  @Option(help: "The file format: safetensors.") var format: String = "safetensors"
  @Option(help: "The file to write; an existing file is never overwritten.") var out: String
  @Option(
    help:
      "Store weights at this precision: fp16, or int8 (I8 kernels, symmetric per output channel, each with a `<name>_scale` F32 tensor)."
  )
  var quantize: String?
  @Option(help: "The dataset to train on before export.") var dataset: String?

  mutating func run() throws {
    let context = CommandContext(global)
    guard format == "safetensors" else {
      throw GoldilocksError.invalidValue(
        "--format \(format) is not supported; use --format safetensors"
      )
    }
    var precision = ModelDescription.ExportPrecision.fp32
    var int8 = false
    switch quantize {
    case nil, "fp32": precision = .fp32
    case "fp16": precision = .fp16
    case "int8": int8 = true
    case let other?:
      throw GoldilocksError.invalidValue("--quantize \(other) is not a precision; use fp16 or int8")
    }
    if dataset != nil {
      throw GoldilocksError.notAvailableYet(command: "calc export --dataset")
    }
    let model = try SpecInput(spec).model(in: context)
    let size =
      int8
      ? try ModelQuantizer.int8ExportFile(model.safeTensorsFile(seed: context.seed)).write(to: out)
      : try model.exportSafeTensors(to: out, seed: context.seed, precision: precision)
    let file = try SafeTensorsFile.read(from: out)
    let payload = file.tensors.reduce(0) { $0 + $1.data.count }
    let header = size - 8 - payload
    if context.json {
      struct Export: Encodable {
        let file: String
        let sizeBytes: Int
        let headerBytes: Int
        let payloadBytes: Int
        let tensors: Int
        let params: Int64
        let seed: UInt64
      }
      try context.printJSON(
        Export(
          file: out,
          sizeBytes: size,
          headerBytes: header,
          payloadBytes: payload,
          tensors: file.tensors.count,
          params: model.totalParameters,
          seed: context.seed
        )
      )
      return
    }
    context.output.line(
      "Wrote \(out): \(NumberFormat.grouped(size)) bytes = 8 (header length) + \(NumberFormat.grouped(header)) (JSON header) + \(NumberFormat.grouped(payload)) (\(file.tensors.count) tensors, \(NumberFormat.grouped(model.totalParameters)) values at \(int8 ? "int8, each kernel with a `_scale` tensor of per-channel F32 scales; biases in F32" : precision.rawValue))."
    )
  }
}
