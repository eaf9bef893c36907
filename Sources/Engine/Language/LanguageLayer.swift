/// One layer of a language model that both describes itself and runs itself.
///
/// A layer names its weight tensors (`parameters`, each a `ParameterSlot` into the model's
/// `ParameterStore`), states its parameter formula and its multiply-accumulates per token,
/// and (in its `+Training` extension) runs forward and backward on rows of a batch. Abilities
/// that only some layers have are separate protocols (`MatrixWeighted` for the weight
/// matrices that quantization and pruning act on).
public protocol LanguageLayer: Sendable {
  /// The layer family's name, as in `calc summary` (`attention`, `mlp`, `layernorm`).
  var kind: String { get }
  /// The weight tensors this layer owns, by name, shape and place in the store.
  var parameters: [ParameterSlot] { get }
  /// The parameter formula with this layer's numbers (`params = 3·d·d + 3·d + d·d + d`).
  var formula: String { get }
  /// Multiply-accumulates for one token that attends to `context` tokens (itself included).
  func macs(context: Int) -> Int64
}

extension LanguageLayer {
  /// The number of values in this layer's own tensors.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
}

/// A layer whose weights include matrices that weight-only quantization or pruning may act on.
///
/// Biases, norms and position tables stay in float; `matrices` are the `[out, in]` weights
/// the layer multiplies activations by (a tied head's matrix belongs to the embedding).
public protocol MatrixWeighted: LanguageLayer {
  /// The weight matrices, row-major `[outputs, inputs]` as PyTorch stores them.
  var matrices: [ParameterSlot] { get }
}
