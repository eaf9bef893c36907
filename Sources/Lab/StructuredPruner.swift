import Engine

/// Structured pruning: removes whole neurons (dense units) or filters (conv2d) and rebuilds a
/// smaller `Network`, so that parameters, file size and latency all shrink.
///
/// Each hidden dense or conv2d layer keeps the `max(round_half_even(n·(1 − f)), 1)` output
/// channels with the largest L2 norm of their incoming weights (`StructuredSelection`, as
/// `torch.nn.utils.prune.ln_structured(n=2)`); its bias, a batch norm after it, and the matching
/// inputs of the next dense or conv2d layer (through flatten, pooling, dropout, activation) are
/// cut to match. The output layer is never pruned: its units are the model's outputs. A layer
/// followed by something whose inputs cannot simply be sliced (layer norm, depthwise,
/// recurrent, attention) is left whole.
public enum StructuredPruner {
  /// What was removed from one layer.
  public struct LayerChange: Sendable, Equatable {
    /// The layer's name.
    public var layer: String
    /// Channels before.
    public var before: Int
    /// Channels kept.
    public var after: Int
  }

  /// Removes the fraction `fraction` (in `[0, 1)`) of channels of every hidden dense/conv layer.
  public static func prune(network: Network, fraction: Double) throws -> Network {
    try pruneWithReport(network: network, fraction: fraction).network
  }

  /// Like `prune(network:fraction:)`, also listing what each layer lost.
  public static func pruneWithReport(network: Network, fraction: Double) throws
    -> (network: Network, changes: [LayerChange])
  {
    guard fraction >= 0, fraction < 1, fraction.isFinite else {
      throw EngineError.outOfRange(.structuredFraction, value: "\(fraction)", allowed: "in [0, 1)")
    }
    var configs = network.layers.map(\.config)
    var weights = network.layers.map(\.weights)
    var changes: [LayerChange] = []
    var prunable = 0
    for i in network.layers.indices {
      guard network.layers[i].config.layer is any StructurallyPrunable else { continue }
      if try pruneLayer(i, network, fraction, &configs, &weights, &changes) { prunable += 1 }
    }
    guard prunable > 0 else {
      let last = network.layers.last { $0.config.layer is any StructurallyPrunable }
      let output =
        last.map { "`\($0.name)` (\($0.outputShape.last ?? 0) outputs)" } ?? "the last layer"
      throw EngineError.invalidArgument(
        "structured pruning removes whole neurons or filters of hidden layers and shrinks the layer after each; the output layer \(output) is never pruned because its units are the model's outputs (one per class or target), and this model has no hidden dense or conv2d layer before it whose outputs feed another dense or conv2d layer"
      )
    }
    if changes.isEmpty { return (network, []) }
    var rebuilt: Network
    do {
      rebuilt = try Network(inputShape: network.inputShape, layers: configs, seed: 0)
    } catch {
      throw EngineError.unsupported("\(error)")
    }
    for i in rebuilt.layers.indices {
      for w in rebuilt.layers[i].weights.indices {
        guard rebuilt.layers[i].weights[w].shape == weights[i][w].shape else {
          throw EngineError.unsupported(
            "structured pruning produced a mismatched weight for \(rebuilt.layers[i].name)"
          )
        }
        rebuilt.layers[i].weights[w] = weights[i][w]
      }
    }
    return (rebuilt, changes)
  }

  /// Prunes layer `i` if a dense/conv consumer follows through sliceable layers; returns
  /// whether there is one (whether the layer is prunable at all).
  private static func pruneLayer(
    _ i: Int,
    _ network: Network,
    _ fraction: Double,
    _ configs: inout [TrainableLayerConfig],
    _ weights: inout [[Tensor]],
    _ changes: inout [LayerChange]
  ) throws -> Bool {
    var consumer: Int?
    var k = i + 1
    scan: while k < network.layers.count {
      switch network.layers[k].config.layer {
      case is any StructurallyPrunable:
        consumer = k
        break scan
      case is any ChannelPreserving:
        k += 1
      default:
        break scan
      }
    }
    // A residual block starting after this layer adds its output to the block's: both
    // would have to shrink together, so such a layer is left whole.
    let blockStarts = network.layers.indices.compactMap { k in
      (network.layers[k].config.layer as? ResidualAdd).map { k - $0.blockLength }
    }
    guard let consumer, !blockStarts.contains(where: { $0 > i && $0 <= consumer }),
      let pruned = network.layers[i].config.layer as? any StructurallyPrunable,
      let reader = network.layers[consumer].config.layer as? any StructurallyPrunable
    else { return false }
    let kernel = weights[i][0]
    let channels = kernel.shape[kernel.rank - 1]
    let kept: [Int]
    do {
      kept = try StructuredSelection.keptChannels(
        weights: kernel.scalars,
        shape: kernel.shape,
        norm: .l2,
        sparsity: Float(fraction)
      )
    } catch {
      throw EngineError.invalidArgument("\(error)")
    }
    guard kept.count < channels else { return true }
    weights[i][0] = slice(kernel, axis: kernel.rank - 1, keep: kept)
    if weights[i].count > 1 { weights[i][1] = slice(weights[i][1], axis: 0, keep: kept) }
    configs[i] = TrainableLayerConfig(pruned.withOutputs(kept.count))
    var features = kept
    for between in (i + 1)..<consumer {
      let layer = network.layers[between]
      guard let preserving = layer.config.layer as? any ChannelPreserving else { continue }
      if preserving.hasChannelWeights {
        weights[between] = weights[between].map { slice($0, axis: 0, keep: kept) }
      }
      if let moved = preserving.keptFeatures(kept, channels: channels, inputShape: layer.inputShape)
      {
        features = moved
      }
    }
    let next = weights[consumer][0]
    weights[consumer][0] = slice(next, axis: reader.kernelInputAxis, keep: features)
    changes.append(LayerChange(layer: network.layers[i].name, before: channels, after: kept.count))
    return true
  }

  /// The tensor with only the indices `keep` along `axis`.
  static func slice(_ tensor: Tensor, axis: Int, keep: [Int]) -> Tensor {
    let outer = tensor.shape[..<axis].reduce(1, *)
    let size = tensor.shape[axis]
    let inner = tensor.shape[(axis + 1)...].reduce(1, *)
    var values: [Float] = []
    values.reserveCapacity(outer * keep.count * inner)
    for o in 0..<outer {
      for index in keep {
        let base = (o * size + index) * inner
        values.append(contentsOf: tensor.scalars[base..<(base + inner)])
      }
    }
    var shape = tensor.shape
    shape[axis] = keep.count
    return Tensor(shape: shape, scalars: values)
  }
}
