extension SimpleRNN: RecurrentLayer, NetworkBuildable {
  public var kerasName: String { "simple_rnn" }

  public var cell: RecurrentKernels.Cell { .simpleRNN }
}

extension TrainableLayerConfig {
  /// Elman RNN, tanh (forward only).
  public static func simpleRNN(units: Int, returnSequences: Bool = false) -> TrainableLayerConfig {
    TrainableLayerConfig(SimpleRNN(units: units, returnSequences: returnSequences))
  }
}
