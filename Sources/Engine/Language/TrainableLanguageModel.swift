/// The shape of a language model the lab can build, train, cache and load.
///
/// A configuration names its model type, so `LanguageModelLab.train(name:configuration:…)`
/// builds the right model from the configuration alone (`GPTConfiguration` → `GPTModel`,
/// `LSTMConfiguration` → `LSTMLanguageModel`).
public protocol LanguageModelConfiguration: Sendable, Equatable, Codable {
  /// The model this configuration describes.
  associatedtype Model: TrainableLanguageModel where Model.Configuration == Self
  /// Number of tokens.
  var vocabularySize: Int { get }
  /// Tokens per training window (and per validation window).
  var contextLength: Int { get }
  /// The layers of the spec this configuration is, after `input(contextLength)`: the one
  /// description of each part the model runs (its kind, weights, formula and MACs).
  var specLayers: [any LayerDescription] { get }
  /// Checks that the shape can be built.
  func validate() throws(EngineError)
  /// Bytes training at `batch` windows needs: weights, gradients, two AdamW moments and the
  /// activations of one step (checked against the memory budget before training).
  func trainingBytes(batch: Int) -> Int64
}

extension LanguageModelConfiguration {
  /// The spec this configuration is, with every layer's figures (`calc summary`'s rows).
  public func modelDescription() throws(EngineError) -> ModelDescription {
    var model = try ModelDescription(inputShape: Shape(contextLength))
    for layer in specLayers { try model.append(layer) }
    return model
  }

  /// Parameters as PyTorch counts them, from the spec layers' weights (two bias vectors per
  /// LSTM layer; a tied head counted once), for a configuration that passes `validate()`.
  public var parameterCount: Int {
    var input = Shape(contextLength)
    var total: Int64 = 0
    for layer in specLayers {
      total += CountingConvention.torch.parameters(of: layer, reading: input)
      guard let output = try? layer.outputShape(for: input) else { break }
      input = output
    }
    return Int(total)
  }
}

/// A language model that `LanguageModelTrainer` trains: forward with a mean cross-entropy,
/// backward into a workspace's gradients, weights in one `ParameterStore`.
///
/// The trainer, AdamW, the learning-rate schedule, gradient clipping, the validation loss and
/// the lab's weight cache are written once against this protocol; each model family
/// (`GPTModel`, `LSTMLanguageModel`) supplies its layers and its activation buffers.
public protocol TrainableLanguageModel: Sendable {
  /// The model's shape.
  associatedtype Configuration: LanguageModelConfiguration where Configuration.Model == Self
  /// The activation and gradient buffers of one forward and backward pass.
  associatedtype Workspace: LanguageModelWorkspace

  /// The `format` metadata of the model's weight files (`goldilocks-gpt`).
  static var fileFormat: String { get }
  /// The model's shape.
  var configuration: Configuration { get }
  /// Every weight, by name.
  var parameters: ParameterStore { get set }
  /// A model of `configuration` initialized from `seed`.
  static func initialized(_ configuration: Configuration, seed: UInt64) throws(EngineError) -> Self
  /// A model of `configuration` with zero weights.
  init(configuration: Configuration) throws(EngineError)
  /// Buffers for up to `batch` sequences of up to `tokens` tokens; without `training`, no
  /// gradient buffers (forward without `keepGradient` only).
  func makeWorkspace(batch: Int, tokens: Int, training: Bool) -> Workspace
  /// Runs `batch` sequences of `tokens` tokens and returns the mean cross-entropy against
  /// `targets` (0 without targets); `keepGradient` keeps ∂loss/∂logits for `backward`.
  func forward(
    inputs: [Int32],
    targets: [Int32]?,
    batch: Int,
    tokens: Int,
    workspace: Workspace,
    keepGradient: Bool
  ) -> Double
  /// Computes ∂loss/∂parameter of the last `forward` into the workspace's gradients.
  func backward(batch: Int, tokens: Int, workspace: Workspace)
}

/// The buffers a `TrainableLanguageModel` keeps between its forward and backward passes.
public protocol LanguageModelWorkspace: AnyObject, Sendable {
  /// ∂loss/∂parameter after `backward`, in the store's layout (written in place by the
  /// trainer's clipping).
  var gradientBuffer: UnsafeMutableBufferPointer<Float> { get }
  /// Bytes held by the activation and gradient buffers.
  var bytes: Int { get }
}

extension TrainableLanguageModel {
  /// Number of trainable parameters.
  public var parameterCount: Int { parameters.count }
}

extension GPTConfiguration: LanguageModelConfiguration {
  public typealias Model = GPTModel

  public func trainingBytes(batch: Int) -> Int64 {
    LanguageModelLab.trainingBytes(self, batch: batch)
  }
}

extension GPTModel: TrainableLanguageModel {
  public static var fileFormat: String { "goldilocks-gpt" }

  public func makeWorkspace(batch: Int, tokens: Int, training: Bool) -> GPTWorkspace {
    GPTWorkspace(for: self, batch: batch, tokens: tokens, training: training)
  }
}

extension GPTWorkspace: LanguageModelWorkspace {
  public var gradientBuffer: UnsafeMutableBufferPointer<Float> {
    UnsafeMutableBufferPointer(start: gradients.pointer, count: gradients.count)
  }
}
