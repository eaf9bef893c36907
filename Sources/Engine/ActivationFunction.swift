/// An element-wise activation (Keras `activation=`); it has no parameters.
public enum ActivationFunction: String, Sendable, CaseIterable {
  /// The identity.
  case linear
  /// max(0, x).
  case relu
  /// 1 / (1 + e^-x).
  case sigmoid
  /// tanh(x).
  case tanh
  /// e^x_i / Σ e^x_j over the last axis.
  case softmax
  /// x·Φ(x) = x/2·(1 + erf(x/√2)), the exact Gaussian error linear unit (Keras' default).
  case gelu
  /// x·sigmoid(x) (also called swish).
  case silu
}
