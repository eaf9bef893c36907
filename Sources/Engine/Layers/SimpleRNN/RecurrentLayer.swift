/// What the three recurrent layers (`SimpleRNN`, `LSTM`, `GRU`) share when they run.
///
/// One cell type, Keras' weights (a kernel, `gates` orthogonal recurrent blocks side by side,
/// a bias) and `RecurrentKernels.forward`. They have no backward pass yet.
public protocol RecurrentLayer: TrainableLayer {
  /// The cell this layer runs.
  var cell: RecurrentKernels.Cell { get }
  /// Size of the hidden state.
  var units: Int { get }
  /// Whether every step's output is returned.
  var returnSequences: Bool { get }
}

extension RecurrentLayer {
  public var supportsBackward: Bool { false }

  public func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    RecurrentKernels.forward(
      cell: cell,
      input: x,
      units: units,
      kernel: layer.weights[0],
      recurrentKernel: layer.weights[1],
      bias: layer.weights[2],
      returnSequences: returnSequences
    )
  }

  /// Never called: `Network.checkTrainable()` refuses these layers before training starts.
  public func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool)
    -> Tensor?
  {
    needInputGradient ? Tensor(shape: [dz.shape[0]] + layer.inputShape) : nil
  }
}
