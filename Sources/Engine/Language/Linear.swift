/// A fully connected layer in PyTorch's layout (`nn.Linear`): `y = x·Wᵀ + b`, `W` is `[out, in]`.
///
/// It runs a spec's `dense(units)` (Keras' `[in, out]` kernel transposed): the LSTM model's
/// head, and the projections inside attention, the MLP and the LSTM gates.
public struct Linear: MatrixWeighted {
  /// Features entering the layer.
  public let inputs: Int
  /// Features leaving the layer.
  public let outputs: Int
  /// The `[outputs, inputs]` weight.
  public let weight: ParameterSlot
  /// The `[outputs]` bias, if the layer has one.
  public let bias: ParameterSlot?

  /// A layer over existing slots (a tied head reuses the embedding's slot as its weight).
  public init(inputs: Int, outputs: Int, weight: ParameterSlot, bias: ParameterSlot?) {
    self.inputs = inputs
    self.outputs = outputs
    self.weight = weight
    self.bias = bias
  }

  /// Lays out a new layer called `name` (`name.weight`, `name.bias`).
  init(_ name: String, inputs: Int, outputs: Int, bias: Bool, layout: inout ParameterLayout) {
    self.inputs = inputs
    self.outputs = outputs
    weight = layout.add("\(name).weight", [outputs, inputs])
    self.bias = bias ? layout.add("\(name).bias", [outputs]) : nil
  }

  public var parameters: [ParameterSlot] { [weight] + (bias.map { [$0] } ?? []) }
  public var matrices: [ParameterSlot] { [weight] }
}
