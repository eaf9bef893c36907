/// One layer of PyTorch's `nn.LSTM`: gates i, f, g, o from the input and the previous state.
///
/// gates = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh, split into four blocks of H in the order
/// i, f, g, o; i = σ, f = σ, g = tanh, o = σ; c′ = f⊙c + i⊙g; h′ = o⊙tanh(c′).
/// Weights as PyTorch names and lays them out: `weight_ih_lK` `[4H, in]`, `weight_hh_lK`
/// `[4H, H]`, `bias_ih_lK` and `bias_hh_lK` `[4H]`.
///
/// It runs a spec's `lstm(H,return_sequences=true)`, whose PyTorch count has the second bias
/// (`LSTM.torchExtraParameters`: Keras has one, 4H fewer).
public struct LSTMLayer: MatrixWeighted {
  /// Features entering the layer.
  public let inputs: Int
  /// Size of the hidden and cell state (H).
  public let hidden: Int
  /// The input projection: `weight_ih` and `bias_ih`.
  public let inputProjection: Linear
  /// The recurrent projection: `weight_hh` and `bias_hh`.
  public let recurrentProjection: Linear

  /// Lays out layer `index` of the LSTM module called `name` (`name.weight_ih_l0`, …).
  init(_ name: String, index: Int, inputs: Int, hidden: Int, layout: inout ParameterLayout) {
    self.inputs = inputs
    self.hidden = hidden
    let weightIH = layout.add("\(name).weight_ih_l\(index)", [4 * hidden, inputs])
    let weightHH = layout.add("\(name).weight_hh_l\(index)", [4 * hidden, hidden])
    let biasIH = layout.add("\(name).bias_ih_l\(index)", [4 * hidden])
    let biasHH = layout.add("\(name).bias_hh_l\(index)", [4 * hidden])
    inputProjection = Linear(inputs: inputs, outputs: 4 * hidden, weight: weightIH, bias: biasIH)
    recurrentProjection = Linear(
      inputs: hidden,
      outputs: 4 * hidden,
      weight: weightHH,
      bias: biasHH
    )
  }

  public var parameters: [ParameterSlot] {
    [
      inputProjection.weight, recurrentProjection.weight, inputProjection.bias,
      recurrentProjection.bias,
    ].compactMap { $0 }
  }

  public var matrices: [ParameterSlot] { [inputProjection.weight, recurrentProjection.weight] }
}
