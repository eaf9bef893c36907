import Engine
import Foundation

/// The precision a model is quantized to.
public enum QuantizationTarget: String, Sendable, CaseIterable, Codable {
  /// IEEE half precision: 2 bytes per weight.
  case fp16
  /// 8-bit integers with scales (and zero points): 1 byte per weight, integer dense/conv.
  case int8
  /// 4-bit integers packed two per byte, dequantized to float for inference.
  case int4
}

/// A model in reduced precision: the steps its inference runs and the file it is stored in.
///
/// For `int8`, dense and conv2d layers run in integers (`QuantizedDense`, `QuantizedConv2D`,
/// or `AffineIntegerLinear` for asymmetric weights) and activations flow between them as
/// int8/uint8 codes through flatten, dropout and ReLU; other layers (pooling, batch norm,
/// softmax, recurrent, attention) run in float on dequantized values with their kernels
/// quantized and dequantized (weight-only). `fp16` rounds weights and every layer's output to
/// half precision and computes in float32 (this CPU has no fp16 arithmetic). `int4` stores
/// packed nibbles and computes in float on the dequantized weights.
public struct QuantizedModel: Sendable {
  /// One step of inference.
  enum Step: Sendable {
    /// An integer dense layer (symmetric weights) and the activation applied after it.
    case dense(QuantizedDense, activation: ActivationFunction)
    /// An integer convolution (symmetric weights).
    case conv(QuantizedConv2D, height: Int, width: Int, activation: ActivationFunction)
    /// An integer dense or conv layer with asymmetric weights.
    case affine(AffineIntegerLinear, outputShape: [Int], activation: ActivationFunction)
    /// A layer that keeps codes as they are (flatten, dropout) or clamps them (ReLU).
    case codes(NetworkLayer)
    /// A float layer run on dequantized values.
    case float(NetworkLayer)
  }

  /// A value between steps: float, or codes with their parameters.
  enum Value {
    case real(Tensor)
    case codes([Int32], shape: [Int], QuantizationParameters)
    /// Codes already packed as the next integer dense layer's operand.
    case packed(PackedActivations, shape: [Int], QuantizationParameters)

    var shape: [Int] {
      switch self {
      case .real(let tensor): return tensor.shape
      case .codes(_, let shape, _), .packed(_, let shape, _): return shape
      }
    }

    /// The value as codes (unpacking packed ones); `nil` for a real value.
    func codes() -> (codes: [Int32], parameters: QuantizationParameters)? {
      switch self {
      case .real: return nil
      case .codes(let codes, _, let parameters): return (codes, parameters)
      case .packed(let packed, _, let parameters):
        return (packed.codes(shift: parameters.scheme.isSigned ? 0 : 128), parameters)
      }
    }

    func tensor() throws -> Tensor {
      guard let (codes, parameters) = codes() else {
        if case .real(let tensor) = self { return tensor }
        preconditionFailure("a value is real or codes")
      }
      return Tensor(shape: shape, scalars: try parameters.dequantize(codes, shape: [codes.count]))
    }
  }

  /// What one part of the stored file holds, for "where the bytes go".
  public enum ByteCategory: String, Sendable, CaseIterable, Codable {
    /// Quantized weight codes (int8, uint8 or packed int4) or fp16 weights.
    case weights
    /// Per-tensor or per-channel weight scales (float32).
    case scales
    /// Weight and activation zero points.
    case zeroPoints = "zero_points"
    /// Int32 biases of the integer layers.
    case int32Biases = "int32_biases"
    /// Activation scales calibrated on training data.
    case activationScales = "activation_scales"
    /// Tensors left in float32 (biases of float layers, batch-norm parameters).
    case float32
    /// The 8-byte length and the JSON header.
    case header
  }

  /// The float network this model was made from.
  public let source: Network
  /// The target precision.
  public let target: QuantizationTarget
  /// Whether weights have one scale per output channel.
  public let perChannel: Bool
  /// Whether weights and activations are uint8 with zero points.
  public let asymmetric: Bool
  /// Examples used to calibrate activation ranges (int8 only; 0 otherwise).
  public let calibrationCount: Int
  let steps: [Step]
  let tensors: [(SafeTensor, ByteCategory)]
  let roundsToHalf: Bool

  /// Names of the layers that run in integer arithmetic.
  public let integerLayers: [String]
  /// Names of the layers that run in float (on dequantized values).
  public let floatLayers: [String]

  /// Shape of one input example.
  public var inputShape: [Int] { source.inputShape }

  /// Runs inference on a batch `[n] + inputShape`, through the quantized path.
  public func predict(_ batch: Tensor) throws -> Tensor {
    do {
      try source.checkInput(batch)
    } catch {
      throw EngineError.invalidArgument("\(error)")
    }
    var value = Value.real(roundsToHalf ? Self.roundedToHalf(batch) : batch)
    var generator = SeededGenerator(seed: 0)
    let n = batch.shape[0]
    for (index, step) in steps.enumerated() {
      switch step {
      case .dense(let layer, let activation):
        let rows = value.shape.reduce(1, *) / layer.inputCount
        let input: PackedActivations
        if case .packed(let packed, _, let parameters) = value, parameters == layer.inputParameters
        {
          input = packed
        } else if case .real(let tensor) = value {
          input = try layer.packedInput(quantizing: tensor.scalars, batch: rows)
        } else {
          input = try layer.packedInput(
            try codesFor(value, parameters: layer.inputParameters),
            batch: rows
          )
        }
        let shape = Array(value.shape.dropLast()) + [layer.outputCount]
        // Codes that go straight into the next integer dense layer stay packed for it.
        if activation == .relu || activation == .linear, index + 1 < steps.count,
          case .dense(let next, _) = steps[index + 1], layer.feedsPacked(next)
        {
          let packed = layer.output(input, batch: rows, packedFor: next)
          value = .packed(packed, shape: shape, layer.outputParameters)
        } else {
          value = try finish(
            layer.output(input, batch: rows),
            shape: shape,
            layer.outputParameters,
            activation
          )
        }
      case .conv(let layer, let height, let width, let activation):
        let codes = try codesFor(value, parameters: layer.inputParameters)
        let output = try layer(codes, batch: n, height: height, width: width)
        let (oh, ow) = layer.outputSize(height: height, width: width)
        value = try finish(
          output,
          shape: [n, oh, ow, layer.filters],
          layer.outputParameters,
          activation
        )
      case .affine(let layer, let outputShape, let activation):
        let codes = try codesFor(value, parameters: layer.inputParameters)
        let output = try layer(codes, batch: n)
        let shape: [Int]
        if case .dense = layer.geometry {
          shape = Array(value.shape.dropLast()) + [layer.outputs]
        } else {
          shape = [n] + outputShape
        }
        value = try finish(output, shape: shape, layer.outputParameters, activation)
      case .codes(let layer):
        if case (var codes, let parameters)? = value.codes() {
          if let passing = layer.config.layer as? any IntegerCodePassing {
            codes = passing.passCodes(codes, zeroPoint: parameters.zeroPoints[0])
          }
          value = .codes(codes, shape: [n] + layer.outputShape, parameters)
        } else {
          var copy = layer
          value = .real(copy.forward(try value.tensor(), training: false, generator: &generator))
        }
      case .float(let layer):
        var copy = layer
        let output = copy.forward(try value.tensor(), training: false, generator: &generator)
        value = .real(roundsToHalf ? Self.roundedToHalf(output) : output)
      }
    }
    return try value.tensor()
  }

  /// The model in its stored form: a safetensors file with the tensors this precision keeps.
  public func storedFile(metadata: [String: String] = [:]) -> SafeTensorsFile {
    var info = metadata
    info["format"] = "goldilocks"
    info["precision"] = target.rawValue
    info["per_channel"] = String(perChannel)
    info["asymmetric"] = String(asymmetric)
    return SafeTensorsFile(metadata: info, tensors: tensors.map(\.0))
  }

  /// Payload bytes by category (the header is not included; see `byteBreakdown(fileSize:)`).
  public var payloadBytes: [ByteCategory: Int] {
    var result: [ByteCategory: Int] = [:]
    for (tensor, category) in tensors { result[category, default: 0] += tensor.data.count }
    return result
  }

  /// Bytes of a written file by category, the header being the file size minus the payload.
  public func byteBreakdown(fileSize: Int) -> [(ByteCategory, Int)] {
    let payload = payloadBytes
    let total = payload.values.reduce(0, +)
    return ByteCategory.allCases.compactMap { category in
      let bytes = category == .header ? fileSize - total : payload[category, default: 0]
      return bytes > 0 ? (category, bytes) : nil
    }
  }

  /// Held-out accuracy of the quantized path (R² for regression), in batches of 256.
  public func accuracy(on examples: ExampleSet, task: Dataset.Task) throws -> Double {
    var outputs: [Float] = []
    var start = 0
    while start < examples.count {
      let end = Swift.min(examples.count, start + 256)
      outputs += try predict(examples.features.items(start..<end)).scalars
      start = end
    }
    return ModelQuantizer.score(outputs: outputs, targets: examples.targets, task: task)
  }

  /// Measures the model: parameters, stored size (bytes written), accuracy and latency.
  public func measure(
    on dataset: Dataset,
    lab: ModelLab,
    trainSeconds: Double,
    latencyRuns: Int = 200
  ) throws -> MeasuredModel {
    let weights = source.namedWeights()
    let nonzero = weights.reduce(0) { $0 + $1.values.filter { $0 != 0 }.count }
    return MeasuredModel(
      params: source.parameterCount,
      nonzeroParams: nonzero,
      sizeBytes: try lab.storedSize(storedFile()),
      accuracy: try accuracy(on: dataset.test, task: dataset.task),
      latencyMs: .init(try latency(dataset: dataset, batch: 1, runs: latencyRuns)),
      trainSeconds: trainSeconds
    )
  }

  /// Latency of the quantized path on batches of `batch` (test examples, or seeded noise).
  public func latency(dataset: Dataset?, batch: Int, runs: Int) throws -> LatencyReport {
    let input = try ModelLab.sampleBatch(for: source, dataset: dataset, batch: batch)
    var failure: (any Error)?
    let report = LatencyBenchmark(warmUp: max(5, runs / 10), runs: runs, batchSize: batch).measure {
      do {
        _ = try predict(input)
      } catch {
        failure = error
      }
    }
    if let failure { throw EngineError.unsupported("\(failure)") }
    return report
  }

  private func codesFor(_ value: Value, parameters: QuantizationParameters) throws -> [Int32] {
    if let (codes, current) = value.codes(), current == parameters { return codes }
    let real = try value.tensor()
    return try parameters.quantize(real.scalars, shape: [real.count])
  }

  private func finish(
    _ codes: [Int32],
    shape: [Int],
    _ parameters: QuantizationParameters,
    _ activation: ActivationFunction
  ) throws -> Value {
    guard activation != .relu, activation != .linear else {
      return .codes(codes, shape: shape, parameters)
    }
    var real = try Value.codes(codes, shape: shape, parameters).tensor()
    let width = shape.last ?? 1
    real.scalars.withUnsafeMutableBufferPointer { activation.apply($0, rowLength: width) }
    return .real(real)
  }

  static func roundedToHalf(_ tensor: Tensor) -> Tensor {
    Tensor(shape: tensor.shape, scalars: tensor.scalars.map { Float(Float16($0)) })
  }
}
