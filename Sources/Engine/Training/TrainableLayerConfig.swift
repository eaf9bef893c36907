/// One layer of a trainable `Network`, described by its hyper-parameters (Keras defaults).
///
/// The list of configs plus an input shape (without the batch axis) is all `Network` needs;
/// weights are created with Keras' initialisers (see `WeightInitializer`).
public enum TrainableLayerConfig: Sendable, Equatable {
  /// `y = act(x·W + b)` on the last axis; kernel `[in, units]`; params = in·units + units.
  case dense(units: Int, activation: ActivationFunction = .linear, useBias: Bool = true)
  /// 2-D convolution, NHWC; kernel `[kh, kw, cin, filters]`; params = kh·kw·cin·filters + filters.
  case conv2d(
    filters: Int,
    kernel: Window2D,
    stride: Window2D = 1,
    padding: Padding = .valid,
    activation: ActivationFunction = .linear,
    useBias: Bool = true
  )
  /// Depthwise convolution; kernel `[kh, kw, cin, multiplier]`; params = kh·kw·cin·m + cin·m.
  case depthwiseConv2d(
    kernel: Window2D,
    stride: Window2D = 1,
    padding: Padding = .valid,
    depthMultiplier: Int = 1,
    activation: ActivationFunction = .linear,
    useBias: Bool = true
  )
  /// Max pooling (stride defaults to the pool size in Keras; pass it explicitly here).
  case maxPool2d(pool: Window2D, stride: Window2D, padding: Padding = .valid)
  /// Average pooling; padding positions are not counted in the mean.
  case avgPool2d(pool: Window2D, stride: Window2D, padding: Padding = .valid)
  /// Mean over height and width: `[h, w, c] → [c]`.
  case globalAvgPool2d
  /// Max over height and width: `[h, w, c] → [c]`.
  case globalMaxPool2d
  /// Reshapes to one axis.
  case flatten
  /// Inverted dropout: in training keeps each value with probability `1 − rate` and scales it
  /// by `1/(1 − rate)`; identity at inference.
  case dropout(rate: Float)
  /// Batch normalisation over the last axis; 4 vectors (γ, β trainable; moving mean/variance not).
  case batchNorm(momentum: Float = 0.99, epsilon: Float = 1e-3)
  /// Layer normalisation over the last axis (γ, β).
  case layerNorm(epsilon: Float = 1e-3)
  /// An activation on its own.
  case activation(ActivationFunction)
  /// Looks up rows of `[vocab, dim]`; input values are token ids stored as `Float`.
  case embedding(vocab: Int, dim: Int)
  /// Elman RNN, tanh (forward only).
  case simpleRNN(units: Int, returnSequences: Bool = false)
  /// LSTM, Keras gate order i, f, c, o (forward only).
  case lstm(units: Int, returnSequences: Bool = false)
  /// GRU with `reset_after=True`, gate order z, r, h (forward only).
  case gru(units: Int, returnSequences: Bool = false)
  /// Multi-head self-attention over `[time, dim]` (forward only).
  case multiHeadSelfAttention(heads: Int, keyDim: Int)

  /// Keras' default base name for the layer (`dense`, `conv2d`, …).
  public var kerasName: String {
    switch self {
    case .dense: "dense"
    case .conv2d: "conv2d"
    case .depthwiseConv2d: "depthwise_conv2d"
    case .maxPool2d: "max_pooling2d"
    case .avgPool2d: "average_pooling2d"
    case .globalAvgPool2d: "global_average_pooling2d"
    case .globalMaxPool2d: "global_max_pooling2d"
    case .flatten: "flatten"
    case .dropout: "dropout"
    case .batchNorm: "batch_normalization"
    case .layerNorm: "layer_normalization"
    case .activation: "activation"
    case .embedding: "embedding"
    case .simpleRNN: "simple_rnn"
    case .lstm: "lstm"
    case .gru: "gru"
    case .multiHeadSelfAttention: "multi_head_attention"
    }
  }

  /// Whether the layer has a backward pass (recurrent and attention layers do not).
  public var supportsBackward: Bool {
    switch self {
    case .simpleRNN, .lstm, .gru, .multiHeadSelfAttention: false
    default: true
    }
  }

  /// The activation applied at the end of the layer, if it has one.
  public var finalActivation: ActivationFunction {
    switch self {
    case .dense(_, let activation, _), .conv2d(_, _, _, _, let activation, _),
      .depthwiseConv2d(_, _, _, _, let activation, _), .activation(let activation):
      activation
    default: .linear
    }
  }
}
