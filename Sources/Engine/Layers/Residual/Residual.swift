/// A residual block (`residual(dense(64,relu) dense(64))`): its layers run in order and the
/// block's input is added to their output, `y = x + f(x)` (Keras `Add()([x, f(x)])`).
///
/// The output must have the input's shape. params = the sum of the inner layers' params
/// (the addition has none); MACs = the inner layers' MACs (an addition is not a weight
/// product).
public struct Residual: LayerDescription {
  /// The layers of the block, in order.
  public var layers: [any LayerDescription]

  /// Creates a block of `layers`.
  public init(_ layers: [any LayerDescription]) {
    self.layers = layers
  }

  public var kind: String { "residual" }

  public var isAnalyticOnly: Bool { layers.contains { $0.isAnalyticOnly } }

  /// The input shape of each inner layer, then the block's output; throws like the layer
  /// that cannot take its input.
  func shapes(for input: Shape) throws(EngineError) -> [Shape] {
    var shapes = [input]
    for layer in layers {
      if layer.readsTokenIds {
        throw .invalidArgument(
          "\(layer.kind) reads token ids, so it cannot sit inside a residual block; put it right after input(...)"
        )
      }
      shapes.append(try layer.outputShape(for: shapes[shapes.count - 1]))
    }
    return shapes
  }

  public func outputShape(for input: Shape) throws(EngineError) -> Shape {
    guard !layers.isEmpty else {
      throw .invalidArgument("a residual block needs at least one layer, e.g. residual(dense(64))")
    }
    let output = try shapes(for: input).last ?? input
    guard output == input else {
      func shown(_ shape: Shape) -> String {
        "(" + shape.dimensions.map(String.init).joined(separator: ", ") + ")"
      }
      throw .invalidArgument(
        "a residual block adds its input to its output, so they must have the same shape, but the input is \(shown(input)) and the output is \(shown(output)); end the block with a layer that gives \(shown(input))"
      )
    }
    return output
  }

  /// The inner layers' weights in order, named `<position>.<kind>.<name>` (`0.dense.kernel`).
  public func weights(for input: Shape) -> [WeightDescription] {
    guard let shapes = try? shapes(for: input) else { return [] }
    var list: [WeightDescription] = []
    for (position, layer) in layers.enumerated() {
      for weight in layer.weights(for: shapes[position]) {
        var named = weight
        named.name = "\(position).\(layer.kind).\(weight.name)"
        list.append(named)
      }
    }
    return list
  }

  public func macs(for input: Shape) throws(EngineError) -> Int64 {
    let shapes = try shapes(for: input)
    var total: Int64 = 0
    for (position, layer) in layers.enumerated() {
      total = try Int64.checkedSum(
        total,
        try layer.macs(for: shapes[position]),
        "the MACs of residual"
      )
    }
    return total
  }

  /// The inner layers' PyTorch extras, each at its own input.
  public func torchExtraParameters(for input: Shape) -> Int64 {
    guard let shapes = try? shapes(for: input) else { return 0 }
    return zip(layers, shapes).reduce(0) { $0 &+ $1.0.torchExtraParameters(for: $1.1) }
  }

  /// Every inner layer's kept elements, plus the block's output (the sum).
  public func activationElements(for input: Shape) throws(EngineError) -> Int64 {
    let shapes = try shapes(for: input)
    var total = try input.elementCount()
    for (position, layer) in layers.enumerated() {
      total = try Int64.checkedSum(
        total,
        try layer.activationElements(for: shapes[position]),
        "the activations of residual"
      )
    }
    return total
  }

  public func formula(for input: Shape) -> String {
    guard let shapes = try? shapes(for: input) else { return "?" }
    let parts = layers.enumerated().map { position, layer in
      "\(layer.kind): \(layer.formula(for: shapes[position]))"
    }
    return parts.joined(separator: "; ") + "; add: no parameters"
  }
}

extension Residual {
  /// The largest workspace of an inner layer (they run one at a time).
  public func workspaceElements(for input: Shape, output: Shape) throws(EngineError) -> Int64 {
    let shapes = try shapes(for: input)
    var largest: Int64 = 0
    for (position, layer) in layers.enumerated() {
      largest = max(
        largest,
        try layer.workspaceElements(for: shapes[position], output: shapes[position + 1])
      )
    }
    return largest
  }
}
