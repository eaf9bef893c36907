/// A layer that runs itself inside a `Network`: it checks its input shape, creates its
/// weights (Keras order and initialisers) and runs its forward and backward passes.
///
/// The layer descriptions in `Sources/Engine/Layers` conform (`Dense` in `Dense.swift`
/// describes, `Dense+Training.swift` runs), so a description *is* its trainable layer and
/// nothing converts one into the other. The weights, gradients and caches live in the
/// `NetworkLayer` that holds the value; `forward` and `backward` read and write them there.
public protocol TrainableLayer: Sendable {
  /// Keras' default base name (`dense`, `conv2d`, …); weights are saved under it.
  var kerasName: String { get }
  /// Whether the layer has a backward pass (recurrent and attention layers do not yet).
  var supportsBackward: Bool { get }
  /// The activation applied at the end of the layer (`.linear` when none).
  var finalActivation: ActivationFunction { get }
  /// Checks `setup.inputShape`, adds the weights in Keras order and returns the output shape.
  ///
  /// A layer that is also a `LayerDescription` gets this from its description
  /// (`LayerSetup.build`): the same shape checks, weight list and initialisers that size it.
  func setUp(_ setup: inout LayerSetup, generator: inout SeededGenerator) throws(NetworkError)
    -> [Int]
  /// Runs the layer on a batch `[n] + inputShape` with the weights of `layer`; in training
  /// mode keeps in `layer`'s cache what `backward` needs.
  func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor
  /// From ∂L/∂pre-activation `dz`, writes the weight gradients into `layer` and returns
  /// ∂L/∂input (or `nil` when `needInputGradient` is false and the layer can skip it).
  func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool) -> Tensor?
  /// The same layer with `activation` at its end (for `asLogits`), or `nil` if it has none.
  func replacingActivation(with activation: ActivationFunction) -> (any TrainableLayer)?
  /// Whether `other` is the same layer with the same hyper-parameters.
  func isSameLayer(as other: any TrainableLayer) -> Bool
}

extension TrainableLayer {
  public var supportsBackward: Bool { true }

  public var finalActivation: ActivationFunction { .linear }

  public func replacingActivation(with activation: ActivationFunction) -> (any TrainableLayer)? {
    nil
  }
}

extension TrainableLayer where Self: LayerDescription {
  public func setUp(_ setup: inout LayerSetup, generator: inout SeededGenerator)
    throws(NetworkError) -> [Int]
  {
    try setup.build(self, generator: &generator)
  }
}

extension TrainableLayer where Self: Equatable {
  public func isSameLayer(as other: any TrainableLayer) -> Bool {
    (other as? Self) == self
  }
}

/// A trainable layer that ends in an activation it stores (`dense(64,relu)`): it reports it
/// as `finalActivation` and can swap it (`replacingActivation`) for logits.
public protocol ActivatedLayer: TrainableLayer {
  /// The activation applied to the output.
  var activation: ActivationFunction { get set }
}

extension ActivatedLayer {
  public var finalActivation: ActivationFunction { activation }

  public func replacingActivation(with activation: ActivationFunction) -> (any TrainableLayer)? {
    var copy = self
    copy.activation = activation
    return copy
  }
}

/// A layer description that becomes one or more network layers when a model is built.
///
/// A `TrainableLayer` description becomes itself; a composite (`SeparableConv2D`: a
/// depthwise convolution then a 1×1 convolution) lists its parts. `NetworkBuilder` asks
/// every layer of a model for its parts; a layer that does not conform is analytic-only.
public protocol NetworkBuildable: LayerDescription {
  /// The network layers this layer becomes, in order; throws when a part cannot be built.
  func networkLayers() throws(EngineError) -> [TrainableLayerConfig]
}

extension NetworkBuildable where Self: TrainableLayer {
  public func networkLayers() throws(EngineError) -> [TrainableLayerConfig] {
    [TrainableLayerConfig(self)]
  }
}

/// What a `TrainableLayer` sees while creating its weights: the input shape, its place in
/// the network, the weights built so far, and the error for an input it refuses.
public struct LayerSetup: Sendable {
  /// Shape of one example entering the layer (no batch axis).
  public let inputShape: [Int]
  /// Position of the layer in the network (0 = first).
  public let index: Int
  /// Keras name of the layer, used in error messages.
  public let layerName: String
  /// Weight roles (`kernel`, `bias`, …), in order.
  public private(set) var roles: [String] = []
  /// Whether each weight is trainable.
  public private(set) var trainable: [Bool] = []
  /// The weights, in Keras order.
  public private(set) var weights: [Tensor] = []

  /// A setup for a layer named `layerName` at `index` taking `inputShape`.
  public init(inputShape: [Int], index: Int, layerName: String) {
    self.inputShape = inputShape
    self.index = index
    self.layerName = layerName
  }

  /// Adds a weight of `shape` with `values`.
  private mutating func add(
    _ role: String,
    _ shape: [Int],
    _ values: [Float],
    trainable isTrainable: Bool = true
  ) {
    roles.append(role)
    trainable.append(isTrainable)
    weights.append(Tensor(shape: shape, scalars: values))
  }

  /// The error for an input this layer cannot take.
  public func misfit(_ reason: String) -> NetworkError {
    .layerDoesNotFit(index: index, layer: layerName, inputShape: inputShape, reason: reason)
  }

  /// Builds `layer` from its description and returns its output shape.
  ///
  /// The output shape is `outputShape(for:)`'s (a refusal becomes `misfit`); the weights are
  /// the ones `weights(for:)` lists, in its order, shapes and initialisers, drawn from
  /// `generator`. Weight names become roles with `/` for `.` (`query/kernel`).
  public mutating func build(
    _ layer: some LayerDescription,
    generator: inout SeededGenerator
  ) throws(NetworkError) -> [Int] {
    let input = Shape(inputShape)
    let output: Shape
    do {
      output = try layer.outputShape(for: input)
    } catch {
      throw misfit(error.description)
    }
    guard output.dimensions.allSatisfy({ $0 > 0 }) else {
      throw misfit("its output \(output) would have an empty axis")
    }
    for weight in layer.weights(for: input) {
      let shape = weight.shape.dimensions
      add(
        weight.name.split(separator: ".").joined(separator: "/"),
        shape,
        weight.initializer.values(shape: shape, using: &generator),
        trainable: weight.isTrainable
      )
    }
    return output.dimensions
  }
}
