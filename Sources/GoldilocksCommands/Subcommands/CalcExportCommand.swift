import ArgumentParser
import Engine
import Foundation
import Lab
import Terminal

/// `calc export`: writes a model's weights to a real safetensors file.
struct CalcExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract:
      "Write a model's weights (initialised, or trained with --dataset) to a safetensors file.",
    discussion: """
      Without --dataset, weights are initialised as Keras does (Glorot uniform
      kernels, zero biases, batch norm 1/0/0/1) from --seed. With --dataset, the
      model is first trained exactly as `calc train` trains it (same options,
      defaults and seed), so weights `calc train` already cached are reused, not
      trained again; the metadata records the dataset, epochs, seed and held-out
      accuracy. The training options below need --dataset.

      Tensors are named by the layer's place in the spec (`3.conv2d.kernel`), with
      the model's shapes, trained or not. The file is written to a temporary name
      and renamed, so a failed or stopped export (Ctrl-C while training) leaves
      nothing behind; an existing file is never overwritten.
      """
  )

  /// The precisions `--quantize` stores weights at.
  enum StoredPrecision: String, CaseIterable, ExpressibleByArgument {
    case fp32, fp16, int8

    /// The float precision the model's tensors are written at before any int8 step.
    var float: ModelDescription.ExportPrecision { self == .fp16 ? .fp16 : .fp32 }

    /// How the human line describes the stored values.
    var summary: String {
      self == .int8
        ? "int8, each kernel with a `_scale` tensor of per-channel F32 scales; biases in F32"
        : rawValue
    }
  }

  /// What a trained export adds to the report.
  struct Training {
    let dataset: Dataset
    let recipe: TrainingRecipe
    let accuracy: Double
    let fromCache: Bool
  }

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model in the spec language (quote it).") var spec: [String]
  @Option(help: "The file format.") var format: ModelFileFormat = .safetensors
  @Option(help: "The file to write; an existing file is never overwritten.") var out: String
  @Option(
    help:
      "Store weights at this precision: fp16, or int8 (I8 kernels, symmetric per output channel, each with a `<name>_scale` F32 tensor)."
  )
  var quantize: StoredPrecision?
  @Option(help: "Train on this dataset first, as `calc train` does (see `calc datasets`).")
  var dataset: String?
  @OptionGroup(title: "Training") var training: TrainingOptions
  @OptionGroup var memory: MemoryOptions

  func validate() throws {
    if dataset == nil, let flag = training.given.first {
      throw GoldilocksError.invalidValue(
        "\(flag) sets how the model is trained, which happens only with --dataset; add --dataset D (see `calc datasets`) or leave \(flag) out"
      )
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let precision = quantize ?? .fp32
    let input = SpecInput(spec)
    let model = try input.model(in: context)
    try Self.checkDestination(out)
    let (float, trained) = try floatFile(model, input: input, precision: precision, context)
    let file = precision == .int8 ? try ModelQuantizer.int8ExportFile(float) : float
    let size: Int
    do {
      size = try file.write(to: out)
    } catch {
      if case .fileExists(let path) = error { throw Self.existing(path) }
      throw error
    }
    let export = try report(
      file,
      size: size,
      model: model,
      precision: precision,
      trained: trained,
      context
    )
    if trained != nil {
      // A trained export is an experiment like `calc train`: it goes into the history.
      LabContext(context: context).record(
        command: "calc export",
        spec: input.expandedText,
        result: export
      )
    }
  }

  /// The report of one export, as `--json` prints it and the experiment history stores it.
  struct Export: Encodable {
    let file: String
    let sizeBytes: Int
    let headerBytes: Int
    let payloadBytes: Int
    let tensors: Int
    let params: Int64
    let seed: UInt64
    let dataset: String?
    let accuracy: Double?
    let fromCache: Bool?
    let epochs: Int?
  }

  /// The float weights file: trained on `--dataset` first (with its recipe and accuracy in
  /// the metadata), or Keras-style initial weights from the seed.
  func floatFile(
    _ model: ModelDescription,
    input: SpecInput,
    precision: StoredPrecision,
    _ context: CommandContext
  ) throws -> (SafeTensorsFile, Training?) {
    let budget = try memory.budget()
    guard let dataset else {
      let file = try model.safeTensorsFile(
        seed: context.seed,
        precision: precision.float,
        budget: budget
      )
      return (file, nil)
    }
    let result = try train(model, input: input, dataset: dataset, context: context)
    let file = try model.safeTensorsFile(
      trained: result.network,
      precision: precision.float,
      metadata: [
        ("seed", String(result.training.recipe.seed)), ("dataset", dataset),
        ("epochs", String(result.training.recipe.epochs)),
        ("accuracy", String(result.training.accuracy)),
      ],
      budget: budget
    )
    return (file, result.training)
  }

  /// Trains `model` on `name` as `calc train` does and measures its held-out accuracy.
  func train(
    _ model: ModelDescription,
    input: SpecInput,
    dataset name: String,
    context: CommandContext
  ) throws -> (network: Network, training: Training) {
    try model.requireBuildable(for: "train and export")
    let lab = LabContext(context: context, memoryBudget: try memory.budget())
    let data = try lab.dataset(name)
    let recipe = try training.validatedRecipe(seed: context.seed)
    let trained = try TrainRun(context: context, lab: lab).fit(
      model,
      spec: input.expandedText,
      dataset: data,
      recipe: recipe,
      keepsPartial: false
    )
    guard trained.fromCache || trained.completedEpochs >= recipe.epochs else {
      throw GoldilocksError.stopped(
        "training stopped after \(trained.completedEpochs) of \(recipe.epochs) epochs, so nothing was written to \(out); run the command again to train from the start"
      )
    }
    let accuracy = try lab.lab.accuracy(trained.network, on: trained.dataset)
    return (
      trained.network,
      Training(
        dataset: trained.dataset,
        recipe: recipe,
        accuracy: accuracy,
        fromCache: trained.fromCache
      )
    )
  }

  /// The refusal of an existing `--out` file, naming the option.
  static func existing(_ path: String) -> GoldilocksError {
    .invalidValue("\(EngineError.fileExists(path: path)) (with --out)")
  }

  /// Refuses, before any training, a file that exists or a folder that does not.
  static func checkDestination(_ path: String) throws {
    if FileManager.default.fileExists(atPath: path) { throw existing(path) }
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder),
      isFolder.boolValue
    else {
      throw EngineError.fileError(
        path: path,
        reason: "the folder \(folder) does not exist; create it or choose another --out"
      )
    }
  }

  func report(
    _ file: SafeTensorsFile,
    size: Int,
    model: ModelDescription,
    precision: StoredPrecision,
    trained: Training?,
    _ context: CommandContext
  ) throws -> Export {
    let payload = file.tensors.reduce(0) { $0 + $1.data.count }
    let header = size - 8 - payload
    let export = Export(
      file: out,
      sizeBytes: size,
      headerBytes: header,
      payloadBytes: payload,
      tensors: file.tensors.count,
      params: model.totalParameters,
      seed: context.seed,
      dataset: trained?.dataset.name,
      accuracy: trained?.accuracy,
      fromCache: trained?.fromCache,
      epochs: trained?.recipe.epochs
    )
    if context.json {
      try context.printJSON(export)
      return export
    }
    var lines = [
      "Wrote \(out): \(NumberFormat.grouped(size)) bytes = 8 (header length) + \(NumberFormat.grouped(header)) (JSON header) + \(NumberFormat.grouped(payload)) (\(file.tensors.count) tensors, \(NumberFormat.grouped(model.totalParameters)) values at \(precision.summary))."
    ]
    if let trained {
      let metric = trained.dataset.task == .classification ? "accuracy" : "R²"
      let stored =
        precision == .fp32 ? "" : " (of the fp32 weights, before storing at \(precision.rawValue))"
      lines += [
        "  trained on \(trained.dataset.name) for \(trained.recipe.epochs) epoch\(trained.recipe.epochs == 1 ? "" : "s") with seed \(trained.recipe.seed)"
          + (trained.fromCache
            ? context.color.apply(.dim, to: " (weights from the cache)")
            : " (trained now)"),
        "  \(metric) on the held-out split (\(NumberFormat.grouped(trained.dataset.testCount)) examples): \(String(format: "%.4f", trained.accuracy))\(stored)",
      ]
    }
    context.output.line(lines.joined(separator: "\n"))
    return export
  }
}
