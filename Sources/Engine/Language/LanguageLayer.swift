/// A part of a language model that runs on token sequences, its weights held in the model's
/// `ParameterStore`.
///
/// What a layer of a language model *is* (its kind, weight tensors, parameter formula and
/// MACs) is said once, by the spec layer it runs: each model pairs its top-level parts
/// (`layers`) with `specLayers`, the `ModelLayer`s of the spec its configuration is, the same
/// descriptions `calc summary` prints. A part says where its weights live (`parameters`,
/// slots into the store under PyTorch's names) and, in its `+Training` extension, runs forward
/// and backward on the rows of a batch. Abilities that only some parts have are separate
/// protocols (`MatrixWeighted` for the weight matrices quantization and pruning act on).
public protocol LanguageLayer: Sendable {
  /// The weight tensors this part owns, by name, shape and place in the store.
  var parameters: [ParameterSlot] { get }
}

extension LanguageLayer {
  /// The number of values in this part's own tensors.
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
}

/// A part whose weights include matrices that weight-only quantization or pruning may act on.
///
/// Biases, norms and position tables stay in float; `matrices` are the `[out, in]` weights
/// the part multiplies activations by (a tied head's matrix belongs to the embedding).
public protocol MatrixWeighted: LanguageLayer {
  /// The weight matrices, row-major `[outputs, inputs]` as PyTorch stores them.
  var matrices: [ParameterSlot] { get }
}
