extension GRU: RecurrentLayer, NetworkBuildable {
  public var kerasName: String { "gru" }

  public var cell: RecurrentKernels.Cell { .gru }
}

extension TrainableLayerConfig {
  /// GRU with `reset_after=True`, gate order z, r, h (forward only).
  public static func gru(units: Int, returnSequences: Bool = false) -> TrainableLayerConfig {
    TrainableLayerConfig(GRU(units: units, returnSequences: returnSequences))
  }
}
