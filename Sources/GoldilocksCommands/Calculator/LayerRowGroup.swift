import Engine

/// Consecutive identical layers of a summary shown as one row, as torchinfo's `depth` does:
/// `2.decoder … 33.decoder` becomes `2.decoder × 32` with the params and MACs of all 32.
struct LayerRowGroup {
  /// The first layer of the run.
  let layer: ModelSummary.Layer
  /// How many identical layers the row stands for.
  let count: Int
  /// Parameters of all of them.
  let params: Int64
  /// MACs of all of them.
  let macs: Int64

  /// `2.decoder`, or `2.decoder × 32 (2–33)` for a run.
  var title: String {
    guard count > 1 else { return layer.name }
    let first = layer.name.split(separator: ".").first.map(String.init) ?? ""
    let last = (Int(first) ?? 0) + count - 1
    return "\(layer.name) × \(count) (\(first)–\(last))"
  }

  /// The rows for `layers`: runs of layers with the same type, output shape, parameters and
  /// MACs collapsed when `collapse` is set, else one row each.
  static func groups(of layers: [ModelSummary.Layer], collapse: Bool) -> [LayerRowGroup] {
    var groups: [LayerRowGroup] = []
    for layer in layers {
      if collapse, let last = groups.last, last.layer.type == layer.type,
        last.layer.outputShape == layer.outputShape, last.layer.params == layer.params,
        last.layer.macs == layer.macs, last.layer.trainable == layer.trainable
      {
        groups[groups.count - 1] = LayerRowGroup(
          layer: last.layer,
          count: last.count + 1,
          params: last.params &+ layer.params,
          macs: last.macs &+ layer.macs
        )
      } else {
        groups.append(LayerRowGroup(layer: layer, count: 1, params: layer.params, macs: layer.macs))
      }
    }
    return groups
  }
}
