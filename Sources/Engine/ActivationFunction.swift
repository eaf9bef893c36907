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
}
