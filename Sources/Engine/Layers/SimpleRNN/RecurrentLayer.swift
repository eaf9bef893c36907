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

  public func setUp(_ setup: inout LayerSetup, generator: inout SeededGenerator)
    throws(NetworkError) -> [Int]
  {
    try setup.requirePositive(units)
    let inputShape = setup.inputShape
    guard inputShape.count == 2 else {
      throw setup.misfit(
        "it needs sequences (time, features); add an embedding or reshape first"
      )
    }
    let g = cell.gates * units
    setup.add(
      "kernel",
      [inputShape[1], g],
      WeightInitializer.glorotUniform.values(shape: [inputShape[1], g], using: &generator)
    )
    var recurrent = [Float]()
    for _ in 0..<cell.gates {
      recurrent += WeightInitializer.orthogonal.values(shape: [units, units], using: &generator)
    }
    // Gate blocks side by side: [u, g] from `gates` orthogonal [u, u] blocks.
    var interleaved = [Float](repeating: 0, count: units * g)
    for block in 0..<cell.gates {
      for r in 0..<units {
        for c in 0..<units {
          interleaved[r * g + block * units + c] = recurrent[block * units * units + r * units + c]
        }
      }
    }
    setup.add("recurrent_kernel", [units, g], interleaved)
    switch cell {
    case .gru:
      setup.add("bias", [2, g], setup.zeros([2, g]))
    case .lstm:
      setup.add(
        "bias",
        [g],
        WeightInitializer.lstmBias(units: units).values(shape: [g], using: &generator)
      )
    case .simpleRNN:
      setup.add("bias", [g], setup.zeros([g]))
    }
    return returnSequences ? [inputShape[0], units] : [units]
  }

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
