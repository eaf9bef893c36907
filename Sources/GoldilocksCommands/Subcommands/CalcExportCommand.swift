import ArgumentParser

/// `calc export`: writes a model's weights to a real safetensors file.
struct CalcExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a model's weights (Keras-style initialised) to a safetensors file."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]
  @Option(help: "The file format: safetensors.") var format: String = "safetensors"
  @Option(help: "The file to write; an existing file is never overwritten.") var out: String
  @Option(help: "Store weights as int8 with a scale per tensor.") var quantize: String?
  @Option(help: "The dataset to train on before export.") var dataset: String?

  mutating func run() throws {
    try notAvailableYet("calc export")
  }
}
