extension Residual: NetworkBuildable {
  /// The inner layers' network layers, then an `add` layer that adds the block's input.
  public func networkLayers() throws(EngineError) -> [TrainableLayerConfig] {
    var parts: [TrainableLayerConfig] = []
    for layer in layers {
      guard let buildable = layer as? any NetworkBuildable else {
        throw EngineError.unsupported(
          "the layer `\(layer.kind)` inside residual(...) cannot be built with weights here; it only answers size questions"
        )
      }
      parts += try buildable.networkLayers()
    }
    return parts + [TrainableLayerConfig(ResidualAdd(blockLength: parts.count))]
  }
}

/// The end of a residual block in a `Network`: adds the input of the layer `blockLength`
/// places before it (the block's input) to its own input (Keras `Add`).
///
/// `Network` does the adding, since it holds both tensors; as a layer it is the identity.
/// In the backward pass the gradient flows through unchanged and is also added to the
/// gradient of the block's input.
public struct ResidualAdd: TrainableLayer, Equatable {
  /// How many network layers the block has (the skip jumps over them).
  public var blockLength: Int

  /// Ends a block of `blockLength` network layers.
  public init(blockLength: Int) {
    self.blockLength = blockLength
  }

  public var kerasName: String { "add" }

  public func setUp(_ setup: inout LayerSetup, generator: inout SeededGenerator)
    throws(NetworkError) -> [Int]
  {
    guard blockLength >= 1, blockLength <= setup.index else {
      throw setup.misfit("a residual block needs at least one layer before its add")
    }
    return setup.inputShape
  }

  public func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    x
  }

  public func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool)
    -> Tensor?
  {
    dz
  }
}
