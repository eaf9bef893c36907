/// Turns a model description (from the spec language) into a trainable `Network`.
///
/// `separableconv2d` becomes a depthwise convolution without bias followed by a 1x1
/// convolution, which has exactly Keras' parameters. For classification, a final
/// linear layer is treated as logits: its activation becomes softmax (or sigmoid for
/// one output), as Keras' `from_logits=True` does inside the loss.
public enum NetworkBuilder {
  /// The layer configurations for `model`; throws for analytic-only models.
  public static func configs(for model: ModelDescription, task: Dataset.Task? = nil) throws
    -> [TrainableLayerConfig]
  {
    try model.requireBuildable(for: "train or time")
    var configs: [TrainableLayerConfig] = []
    for entry in model.layers { configs += try layerConfigs(for: entry.layer) }
    if task == .classification, let last = configs.last {
      configs[configs.count - 1] = asLogits(last, outputs: model.outputShape.dimensions)
    }
    return configs
  }

  /// The network layers one layer of a model becomes (its `NetworkBuildable.networkLayers`:
  /// one, or two for separableconv2d); throws for a layer that only answers size questions.
  static func layerConfigs(for layer: any LayerDescription) throws(EngineError)
    -> [TrainableLayerConfig]
  {
    guard let buildable = layer as? any NetworkBuildable else {
      throw EngineError.unsupported(
        "the layer `\(layer.kind)` cannot be built with weights here; it only answers size questions"
      )
    }
    return try buildable.networkLayers()
  }

  /// A fresh network for `model`, weights initialised as Keras does from `seed`.
  ///
  /// Before anything is allocated, the peak memory of `use` (batch-1 inference unless
  /// said otherwise) is estimated and checked against `budget`, so a model too big for
  /// the machine is refused with `EngineError.memoryBudgetExceeded` instead of aborting.
  public static func network(
    for model: ModelDescription,
    task: Dataset.Task?,
    seed: UInt64,
    use: MemoryEstimate.Use = .inference(batch: 1),
    budget: MemoryBudget = .physical()
  ) throws -> Network {
    let configs = try configs(for: model, task: task)
    try budget.check(
      MemoryEstimate(model: model, use: use),
      for: memoryPurpose(model, use),
      batch: use.batch
    )
    do {
      return try Network(inputShape: model.inputShape.dimensions, layers: configs, seed: seed)
    } catch {
      throw EngineError.unsupported("\(error)")
    }
  }

  /// The weights of `network`, built from `model`, under the names of `model`'s export.
  ///
  /// A network names its weights as Keras does (`conv2d_1/kernel`); a model's safetensors
  /// export names them by the layer's place in the spec (`3.conv2d.kernel`), so a trained
  /// file has the names, shapes and order of the initialised one. A `separableconv2d` is
  /// two network layers (depthwise without bias, then 1x1), whose three tensors are its
  /// `depthwise_kernel`, `pointwise_kernel` and `bias`.
  public static func exportWeights(of network: Network, for model: ModelDescription)
    throws(EngineError) -> [WeightTensor]
  {
    var next = 0
    var result: [WeightTensor] = []
    for record in model.layers {
      let count = try layerConfigs(for: record.layer).count
      guard next + count <= network.layers.count else {
        throw .invalidArgument("the network has fewer layers than the spec `\(model.spec)`")
      }
      let tensors = network.layers[next..<(next + count)].flatMap(\.weights)
      next += count
      guard tensors.count == record.weights.count else {
        throw .invalidArgument(
          "layer \(record.name) has \(record.weights.count) weight tensors in the spec but \(tensors.count) in the network"
        )
      }
      for (weight, tensor) in zip(record.weights, tensors) {
        let name = "\(record.name).\(weight.name)"
        guard tensor.shape == weight.shape.dimensions else {
          throw .invalidArgument(
            "tensor `\(name)` has shape \(tensor.shape) in the network but the spec needs \(weight.shape.dimensions)"
          )
        }
        result.append(
          WeightTensor(
            name: name,
            shape: weight.shape,
            isTrainable: weight.isTrainable,
            values: tensor.scalars
          )
        )
      }
    }
    guard next == network.layers.count else {
      throw .invalidArgument("the network has more layers than the spec `\(model.spec)`")
    }
    return result
  }

  /// What a memory check is for, as the refusal names it: "training seed-mlp at batch 32".
  public static func memoryPurpose(_ model: ModelDescription, _ use: MemoryEstimate.Use) -> String {
    let name = model.presetName ?? "this model"
    switch use {
    case .inference(let batch): return "running \(name) at batch \(batch)"
    case .training(let batch, _): return "training \(name) at batch \(batch)"
    }
  }

  /// The loss that fits `model` on `dataset`.
  public static func loss(for model: ModelDescription, dataset: Dataset) -> LossFunction {
    guard dataset.task == .classification else { return .meanSquaredError }
    return model.outputShape.dimensions == [1]
      ? .binaryCrossEntropy : .sparseCategoricalCrossEntropy
  }

  /// `config` with a linear end replaced by softmax (sigmoid for one output), for a
  /// classification model; any other layer is returned as it is.
  static func asLogits(_ config: TrainableLayerConfig, outputs: [Int]) -> TrainableLayerConfig {
    let target: ActivationFunction = outputs == [1] ? .sigmoid : .softmax
    guard config.finalActivation == .linear,
      let logits = config.layer.replacingActivation(with: target)
    else { return config }
    return TrainableLayerConfig(logits)
  }
}
