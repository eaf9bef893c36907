import Foundation

/// Trains, caches and loads language models: `calc train tiny-gpt` and `calc generate`.
///
/// A trained model is written as safetensors (one float32 tensor per weight under nanoGPT's
/// names, the tied head stored once, the configuration and recipe in the metadata) to
/// `cacheDirectory/lm-NAME-HASH.safetensors`, where the hash keys the configuration, corpus
/// and recipe. The same command again loads the file instead of training; `calc generate`
/// loads the newest file of a model.
public struct LanguageModelLab: Sendable {
  /// Where trained weights are cached (`nil`: never cached).
  public let cacheDirectory: String?
  /// The most memory training may take.
  public let memoryBudget: MemoryBudget

  /// A lab caching in `cacheDirectory`.
  public init(cacheDirectory: String?, memoryBudget: MemoryBudget = .physical()) {
    self.cacheDirectory = cacheDirectory
    self.memoryBudget = memoryBudget
  }

  /// A trained (or loaded) GPT with what it cost and how well it predicts.
  public typealias TrainedModel = Trained<GPTModel>

  /// A trained (or loaded) language model with what it cost and how well it predicts.
  public struct Trained<Model: TrainableLanguageModel>: Sendable {
    /// The model's name (`tiny-gpt`).
    public var name: String
    /// The model with its weights.
    public var model: Model
    /// The recipe it was trained with.
    public var recipe: LanguageTrainingRecipe
    /// Steps finished (fewer than `recipe.steps` after Ctrl-C).
    public var completedSteps: Int
    /// Seconds of training (as measured when it was trained, for a cached model).
    public var trainSeconds: Double
    /// Whether the weights came from the cache.
    public var fromCache: Bool
    /// The file the weights are stored in (`nil` when not cached: a stopped run).
    public var file: String?
    /// Bytes of that file, or of the serialized weights when not cached.
    public var sizeBytes: Int
    /// Mean validation cross-entropy, nats per character.
    public var validationLoss: Double
    /// The batch loss of each step run now (empty when loaded).
    public var losses: [Double]

    /// e^validationLoss: how many characters the model hesitates between, on average.
    public var perplexity: Double { Foundation.exp(validationLoss) }
  }

  /// The cache file for a model, corpus and recipe.
  public func cacheFile<Configuration: LanguageModelConfiguration>(
    name: String,
    configuration: Configuration,
    corpus: String,
    recipe: LanguageTrainingRecipe
  ) -> String? {
    guard let cacheDirectory else { return nil }
    let key = "\(name)|\(Self.configurationJSON(configuration))|\(corpus)|\(recipe.key)"
    return cacheDirectory + "/lm-\(name)-" + Self.fnv1a(key) + ".safetensors"
  }

  /// Bytes training `configuration` at `batch` needs: weights, gradients, two AdamW moments
  /// and the activations of one step.
  public static func trainingBytes(_ configuration: GPTConfiguration, batch: Int) -> Int64 {
    let parameters = configuration.parameterCount
    return 16 * Int64(parameters)
      + GPTWorkspace.trainingBytes(
        configuration,
        parameters: parameters,
        batch: batch,
        tokens: configuration.contextLength
      )
  }

  /// Trains `configuration` on `corpus` with `recipe`, or loads the same training from the
  /// cache; measures the validation loss either way.
  public func train<Configuration: LanguageModelConfiguration>(
    name: String,
    configuration: Configuration,
    corpus: CharacterCorpus,
    recipe: LanguageTrainingRecipe,
    progress: (LanguageTrainingEvent) -> Void = { _ in },
    isCancelled: () -> Bool = { false }
  ) throws(EngineError) -> Trained<Configuration.Model> {
    typealias Model = Configuration.Model
    try recipe.validate()
    try configuration.validate()
    try memoryBudget.check(
      configuration.trainingBytes(batch: recipe.batchSize),
      for: "training \(name) at batch \(recipe.batchSize)",
      batch: recipe.batchSize
    )
    let file = cacheFile(
      name: name,
      configuration: configuration,
      corpus: corpus.name,
      recipe: recipe
    )
    if let file, FileManager.default.fileExists(atPath: file),
      let stored = try? SafeTensorsFile.read(from: file),
      let model = try? Self.model(Model.self, from: stored),
      model.configuration == configuration
    {
      let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
      return Trained(
        name: name,
        model: model,
        recipe: recipe,
        completedSteps: recipe.steps,
        trainSeconds: Double(stored.metadata["train_seconds"] ?? "") ?? 0,
        fromCache: true,
        file: file,
        sizeBytes: size,
        validationLoss: LanguageModelTrainer.validationLoss(model, tokens: corpus.validation),
        losses: []
      )
    }
    var model = try Model.initialized(configuration, seed: recipe.seed)
    let run = try LanguageModelTrainer(recipe: recipe).train(
      &model,
      on: corpus,
      progress: progress,
      isCancelled: isCancelled
    )
    guard model.parameters.values.allSatisfy(\.isFinite) else {
      throw .trainingDiverged(epoch: run.completedSteps, learningRate: recipe.learningRate)
    }
    let weights = Self.weightFile(
      model,
      name: name,
      metadata: [
        "dataset": corpus.name, "recipe": recipe.key, "train_seconds": String(run.seconds),
        "steps": String(run.completedSteps),
      ]
    )
    var stored: String?
    var size = try weights.serialized().count
    if let file, !run.cancelled {
      try? FileManager.default.createDirectory(
        atPath: (file as NSString).deletingLastPathComponent,
        withIntermediateDirectories: true
      )
      if let written = try? weights.write(to: file, overwrite: true) {
        stored = file
        size = written
      }
    }
    return Trained(
      name: name,
      model: model,
      recipe: recipe,
      completedSteps: run.completedSteps,
      trainSeconds: run.seconds,
      fromCache: false,
      file: stored,
      sizeBytes: size,
      validationLoss: LanguageModelTrainer.validationLoss(model, tokens: corpus.validation),
      losses: run.losses
    )
  }

  /// The most recently trained GPT called `name` in the cache, or `nil` when none is.
  public func latest(name: String) -> (model: GPTModel, file: String, metadata: [String: String])? {
    latest(name: name, as: GPTModel.self)
  }

  /// The most recently trained model of type `Model` called `name` in the cache, or `nil`
  /// when none is.
  public func latest<Model: TrainableLanguageModel>(
    name: String,
    as type: Model.Type
  ) -> (model: Model, file: String, metadata: [String: String])? {
    guard let cacheDirectory,
      let entries = try? FileManager.default.contentsOfDirectory(atPath: cacheDirectory)
    else { return nil }
    let candidates =
      entries
      .filter { Self.isCacheFile($0, of: name) }
      .map { cacheDirectory + "/" + $0 }
      .compactMap { path -> (String, Date)? in
        guard
          let date = try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]
            as? Date
        else { return nil }
        return (path, date)
      }
      .sorted { $0.1 > $1.1 }
    for (path, _) in candidates {
      if let stored = try? SafeTensorsFile.read(from: path),
        let model = try? Self.model(Model.self, from: stored)
      {
        return (model, path, stored.metadata)
      }
    }
    return nil
  }

  /// The safetensors file of `model`: one float32 tensor per weight under PyTorch's names
  /// (nanoGPT's for a GPT).
  public static func weightFile<Model: TrainableLanguageModel>(
    _ model: Model,
    name: String,
    metadata: [String: String] = [:]
  ) -> SafeTensorsFile {
    var entries = metadata
    entries["format"] = Model.fileFormat
    entries["model"] = name
    entries["configuration"] = configurationJSON(model.configuration)
    return SafeTensorsFile(
      metadata: entries,
      tensors: model.parameters.slots.map {
        SafeTensor(name: $0.name, shape: $0.shape, float32: model.parameters.values(of: $0))
      }
    )
  }

  /// Rebuilds a GPT from a file written by `weightFile`.
  public static func model(from file: SafeTensorsFile) throws(EngineError) -> GPTModel {
    try model(GPTModel.self, from: file)
  }

  /// Rebuilds a model of type `Model` from a file written by `weightFile`.
  public static func model<Model: TrainableLanguageModel>(
    _ type: Model.Type,
    from file: SafeTensorsFile
  ) throws(EngineError) -> Model {
    guard file.metadata["format"] == Model.fileFormat,
      let json = file.metadata["configuration"],
      let configuration = try? JSONDecoder().decode(
        Model.Configuration.self,
        from: Data(json.utf8)
      )
    else {
      throw .invalidSafeTensors(
        "the file is not a Goldilocks \(Model.fileFormat.replacingOccurrences(of: "goldilocks-", with: "").uppercased()) model (no configuration)"
      )
    }
    var model = try Model(configuration: configuration)
    for slot in model.parameters.slots {
      guard let tensor = file.tensor(named: slot.name), tensor.shape == slot.shape else {
        throw .invalidSafeTensors("the file has no tensor \(slot.name) of shape \(slot.shape)")
      }
      model.parameters.setValues(try tensor.floatValues(), of: slot)
    }
    return model
  }

  static func configurationJSON<Configuration: LanguageModelConfiguration>(
    _ configuration: Configuration
  ) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(configuration)).map { String(decoding: $0, as: UTF8.self) } ?? ""
  }

  /// Whether `file` is `lm-NAME-HASH.safetensors` for exactly `name` (the hash is 16 hex
  /// digits), so that `tiny-gpt` does not also pick up `tiny-gpt-nobias`'s files.
  static func isCacheFile(_ file: String, of name: String) -> Bool {
    let prefix = "lm-\(name)-"
    let suffix = ".safetensors"
    guard file.hasPrefix(prefix), file.hasSuffix(suffix),
      file.count == prefix.count + 16 + suffix.count
    else { return false }
    return file.dropFirst(prefix.count).dropLast(suffix.count).allSatisfy(\.isHexDigit)
  }

  static func fnv1a(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
