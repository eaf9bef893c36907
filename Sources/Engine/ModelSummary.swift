/// The figures of a model as `calc summary --json` prints them (field names are fixed by cli.md).
public struct ModelSummary: Codable, Sendable, Equatable {
  /// One row per layer after `input`.
  public struct Layer: Codable, Sendable, Equatable {
    /// The spec term name, such as `conv2d`.
    public var type: String
    /// Output shape of one example (no batch axis).
    public var outputShape: [Int]
    /// All parameters of the layer.
    public var params: Int64
    /// Trainable parameters (extra field).
    public var trainable: Int64
    /// Non-trainable parameters (extra field).
    public var nonTrainable: Int64
    /// Multiply-accumulates per example (extra field).
    public var macs: Int64
    /// The tensor-name prefix, such as `3.conv2d` (extra field).
    public var name: String

    enum CodingKeys: String, CodingKey {
      case type
      case outputShape = "output_shape"
      case params
      case trainable
      case nonTrainable = "non_trainable"
      case macs
      case name
    }
  }

  /// Weight payload in bytes at each precision; int4 packs two values per byte.
  public struct Bytes: Codable, Sendable, Equatable {
    /// 4 bytes per parameter.
    public var fp32: Int64
    /// 2 bytes per parameter.
    public var fp16: Int64
    /// 1 byte per parameter.
    public var int8: Int64
    /// ceil(parameters / 2).
    public var int4: Int64

    /// Creates the byte figures.
    public init(fp32: Int64, fp16: Int64, int8: Int64, int4: Int64) {
      self.fp32 = fp32
      self.fp16 = fp16
      self.int8 = int8
      self.int4 = int4
    }
  }

  /// Estimated peak memory in bytes (formulas in docs/engine-conventions.md).
  public struct Memory: Codable, Sendable, Equatable {
    /// Batch-1 inference: fp32 weights + the largest input+output pair of any layer.
    public var inferenceBytes: Int64
    /// One Adam step at batch 32: 4 × trainable + non-trainable weights, + stored activations.
    public var trainingBytes: Int64

    /// Creates the memory figures.
    public init(inferenceBytes: Int64, trainingBytes: Int64) {
      self.inferenceBytes = inferenceBytes
      self.trainingBytes = trainingBytes
    }

    enum CodingKeys: String, CodingKey {
      case inferenceBytes = "inference_bytes"
      case trainingBytes = "training_bytes"
    }
  }

  /// The spec as written.
  public var spec: String
  /// All parameters.
  public var totalParams: Int64
  /// Parameters that training updates.
  public var trainableParams: Int64
  /// Parameters that training does not update.
  public var nonTrainableParams: Int64
  /// Parameters one token passes through: `totalParams` for dense models; for a mixture of
  /// experts everything outside the experts plus top/experts of the experts' parameters.
  public var activeParams: Int64
  /// Every layer after `input`, in order.
  public var layers: [Layer]
  /// Multiply-accumulates of one forward pass of one example.
  public var macs: Int64
  /// Weight payload at each precision.
  public var bytes: Bytes
  /// Estimated peak memory.
  public var memory: Memory

  enum CodingKeys: String, CodingKey {
    case spec
    case totalParams = "total_params"
    case trainableParams = "trainable_params"
    case nonTrainableParams = "non_trainable_params"
    case activeParams = "active_params"
    case layers
    case macs
    case bytes
    case memory
  }
}
