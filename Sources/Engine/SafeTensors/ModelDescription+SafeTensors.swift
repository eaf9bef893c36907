extension ModelDescription {
  /// Precisions a model's weights can be exported in.
  public enum ExportPrecision: String, Sendable, CaseIterable {
    /// 4-byte IEEE floats (`F32`).
    case fp32
    /// 2-byte IEEE halves (`F16`), rounded to nearest even.
    case fp16
  }

  /// Bytes the export holds in memory at its peak: the fp32 weights, the tensors in the
  /// target precision, and the serialized file buffer.
  public func exportMemoryNeeded(precision: ExportPrecision) throws(EngineError) -> Int64 {
    let payload = precision == .fp32 ? bytes.fp32 : bytes.fp16
    return try Int64.checkedSum(
      bytes.fp32,
      Int64.checkedProduct(payload, 2, "the export size"),
      "the export size"
    )
  }

  /// The model with freshly initialised weights (deterministic in `seed`) as a safetensors file.
  ///
  /// One tensor per weight named `N.kind.weight` (such as `3.conv2d.kernel`), and
  /// `__metadata__` = {"spec", "format": "goldilocks", "seed"}.
  /// Refuses analytic-only models and exports larger than `budget`.
  public func safeTensorsFile(
    seed: UInt64,
    precision: ExportPrecision = .fp32,
    budget: MemoryBudget = .standard
  ) throws(EngineError) -> SafeTensorsFile {
    try requireBuildable(for: "export with weights")
    try budget.check(
      exportMemoryNeeded(precision: precision),
      for: "exporting this model at \(precision.rawValue)"
    )
    return try safeTensorsFile(
      weights: initialWeights(seed: seed, budget: budget),
      precision: precision,
      metadata: [("seed", String(seed))]
    )
  }

  /// The trained weights of `network` (built from this model) as a safetensors file.
  ///
  /// The tensors have the names, shapes and dtypes of the initialised export
  /// (`safeTensorsFile(seed:precision:budget:)`); `__metadata__` is {"spec", "format":
  /// "goldilocks"} followed by `metadata` in its order, such as the dataset and the seed.
  public func safeTensorsFile(
    trained network: Network,
    precision: ExportPrecision = .fp32,
    metadata: [(key: String, value: String)],
    budget: MemoryBudget = .standard
  ) throws(EngineError) -> SafeTensorsFile {
    try budget.check(
      exportMemoryNeeded(precision: precision),
      for: "exporting this model at \(precision.rawValue)"
    )
    return try safeTensorsFile(
      weights: NetworkBuilder.exportWeights(of: network, for: self),
      precision: precision,
      metadata: metadata
    )
  }

  /// `weights` at `precision`, with the spec, the format and then `metadata` in its order.
  func safeTensorsFile(
    weights: [WeightTensor],
    precision: ExportPrecision,
    metadata: [(key: String, value: String)]
  ) -> SafeTensorsFile {
    let entries: [(key: String, value: String)] =
      [("spec", spec), ("format", "goldilocks")] + metadata
    return SafeTensorsFile(
      metadata: Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }),
      metadataOrder: entries.map(\.key),
      tensors: weights.map { weight in
        switch precision {
        case .fp32:
          return SafeTensor(
            name: weight.name,
            shape: weight.shape.dimensions,
            float32: weight.values
          )
        case .fp16:
          return SafeTensor(
            name: weight.name,
            shape: weight.shape.dimensions,
            float16: weight.values
          )
        }
      }
    )
  }

  /// Initialises the weights and writes them to `path` atomically; returns the file size.
  @discardableResult
  public func exportSafeTensors(
    to path: String,
    seed: UInt64,
    precision: ExportPrecision = .fp32,
    overwrite: Bool = false,
    budget: MemoryBudget = .standard
  ) throws(EngineError) -> Int {
    try safeTensorsFile(seed: seed, precision: precision, budget: budget)
      .write(to: path, overwrite: overwrite)
  }

  /// Checks that `file` holds exactly this model's tensors (names and shapes) and returns
  /// them as weights, converted to `Float`.
  public func loadWeights(from file: SafeTensorsFile) throws(EngineError) -> [WeightTensor] {
    var result: [WeightTensor] = []
    for (name, weight) in weightDescriptions {
      guard let tensor = file.tensor(named: name) else {
        throw .invalidSafeTensors("the tensor `\(name)` of this model is missing")
      }
      guard tensor.shape == weight.shape.dimensions else {
        throw .invalidSafeTensors(
          "tensor `\(name)` has shape \(tensor.shape) but the model needs \(weight.shape.dimensions)"
        )
      }
      result.append(
        WeightTensor(
          name: name,
          shape: weight.shape,
          isTrainable: weight.isTrainable,
          values: try tensor.floatValues()
        )
      )
    }
    return result
  }
}
