extension LSTM: RecurrentLayer, NetworkBuildable {
  public var kerasName: String { "lstm" }

  public var cell: RecurrentKernels.Cell { .lstm }
}

extension TrainableLayerConfig {
  /// LSTM, Keras gate order i, f, c, o (forward only).
  public static func lstm(units: Int, returnSequences: Bool = false) -> TrainableLayerConfig {
    TrainableLayerConfig(LSTM(units: units, returnSequences: returnSequences))
  }
}
