/// A layer that uses only part of its parameters for each token (a mixture of experts).
///
/// `ModelDescription.summary()` sums `activeParameters(for:)` over such layers and every
/// parameter of the others into `active_params`.
public protocol SparselyActivated: LayerDescription {
  /// The parameters one token passes through: everything outside the experts (the router
  /// included) plus top/experts of the experts' parameters.
  func activeParameters(for input: Shape) -> Int64
}
