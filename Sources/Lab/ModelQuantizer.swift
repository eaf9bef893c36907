import Engine

/// Post-training quantization of a trained `Network` into a `QuantizedModel`.
///
/// Weights: int8 symmetric (`[−127, 127]`, zero point 0) or, with `asymmetric`, uint8 with a
/// zero point; per tensor or per output channel (the last axis of Keras kernels). Activations
/// (int8 only) are calibrated statically: the float network runs on `calibration` and a
/// min/max observer records each integer layer's input and output range, giving per-tensor
/// int8 (symmetric mode, TFLite's int8 spec) or uint8 (asymmetric mode, ONNX U8U8) parameters.
public enum ModelQuantizer {
  /// Quantizes `network` to `target`; `calibration` is required for int8 (static activations).
  public static func quantize(
    network: Network,
    target: QuantizationTarget,
    perChannel: Bool = false,
    asymmetric: Bool = false,
    calibration: Tensor? = nil
  ) throws -> QuantizedModel {
    guard !network.hasResidualBlocks else {
      throw EngineError.unsupported(
        "quantization runs a model layer by layer and cannot yet follow a residual block's skip connection; quantize a model without residual(...)"
      )
    }
    switch target {
    case .fp16: return try half(network)
    case .int4: return try int4(network, perChannel: perChannel, asymmetric: asymmetric)
    case .int8:
      guard let calibration, calibration.batchSize > 0 else {
        throw EngineError.invalidArgument(
          "int8 static quantization needs calibration data: a sample of training inputs to measure each layer's activation range (the scale and zero point of its int8 input and output); give a dataset with training examples"
        )
      }
      return try int8(network, perChannel: perChannel, asymmetric: asymmetric, calibration)
    }
  }

  /// Accuracy for classification (argmax, or `≥ 0.5` for one output, as the float path and
  /// `ClassificationMetrics` decide), R² for regression.
  public static func score(outputs: [Float], targets: [Float], task: Dataset.Task) -> Double {
    let count = targets.count
    guard count > 0, outputs.count % count == 0 else { return 0 }
    let width = outputs.count / count
    if task == .classification {
      var correct = 0
      for i in 0..<count {
        let row = outputs[(i * width)..<((i + 1) * width)]
        let predicted: Int
        if width == 1 {
          predicted = row[row.startIndex] >= 0.5 ? 1 : 0
        } else {
          predicted = (row.indices.max { row[$0] < row[$1] } ?? row.startIndex) - i * width
        }
        if predicted == Int(targets[i]) { correct += 1 }
      }
      return Double(correct) / Double(count)
    }
    let mean = targets.reduce(0) { $0 + Double($1) } / Double(count)
    var residual = 0.0
    var total = 0.0
    for i in 0..<count {
      let error = Double(outputs[i * width]) - Double(targets[i])
      let spread = Double(targets[i]) - mean
      residual += error * error
      total += spread * spread
    }
    return total > 0 ? 1 - residual / total : 0
  }

  // MARK: - fp16

  static func half(_ network: Network) throws -> QuantizedModel {
    var steps: [QuantizedModel.Step] = []
    var tensors: [(SafeTensor, QuantizedModel.ByteCategory)] = []
    for layer in network.layers {
      var copy = layer
      for w in layer.weights.indices {
        let name = "\(layer.name)/\(layer.roles[w])"
        let rounded = layer.weights[w].scalars.map { Float(Float16($0)) }
        copy.weights[w] = Tensor(shape: layer.weights[w].shape, scalars: rounded)
        tensors.append(
          (SafeTensor(name: name, shape: layer.weights[w].shape, float16: rounded), .weights)
        )
      }
      steps.append(.float(copy))
    }
    return QuantizedModel(
      source: network,
      target: .fp16,
      perChannel: false,
      asymmetric: false,
      calibrationCount: 0,
      steps: steps,
      tensors: tensors,
      roundsToHalf: true,
      integerLayers: [],
      floatLayers: network.layers.map(\.name)
    )
  }

  // MARK: - int4

  static func int4(_ network: Network, perChannel: Bool, asymmetric: Bool) throws
    -> QuantizedModel
  {
    let scheme: QuantizationScheme = asymmetric ? .uint4Asymmetric : .int4Symmetric
    var steps: [QuantizedModel.Step] = []
    var tensors: [(SafeTensor, QuantizedModel.ByteCategory)] = []
    for layer in network.layers {
      var copy = layer
      for w in layer.weights.indices {
        let name = "\(layer.name)/\(layer.roles[w])"
        let weight = layer.weights[w]
        guard isKernel(layer, w) else {
          tensors.append(
            (SafeTensor(name: name, shape: weight.shape, float32: weight.scalars), .float32)
          )
          continue
        }
        let parameters = try weightParameters(weight, scheme: scheme, perChannel: perChannel)
        let codes = try parameters.quantize(weight.scalars, shape: weight.shape)
        let packed =
          scheme.isSigned
          ? try Int4Packing.pack(codes.map { Int8(truncatingIfNeeded: $0) })
          : try Int4Packing.pack(unsigned: codes.map { UInt8(truncatingIfNeeded: $0) })
        tensors.append(
          (SafeTensor(name: name, dtype: .u8, shape: [packed.count], data: packed), .weights)
        )
        tensors += scaleTensors(name, parameters)
        copy.weights[w] = Tensor(
          shape: weight.shape,
          scalars: try parameters.dequantize(codes, shape: weight.shape)
        )
      }
      steps.append(.float(copy))
    }
    return QuantizedModel(
      source: network,
      target: .int4,
      perChannel: perChannel,
      asymmetric: asymmetric,
      calibrationCount: 0,
      steps: steps,
      tensors: tensors,
      roundsToHalf: false,
      integerLayers: [],
      floatLayers: network.layers.map(\.name)
    )
  }

  // MARK: - int8

  static func int8(
    _ network: Network,
    perChannel: Bool,
    asymmetric: Bool,
    _ calibration: Tensor
  ) throws -> QuantizedModel {
    let activationScheme: QuantizationScheme = asymmetric ? .uint8Asymmetric : .int8Asymmetric
    let weightScheme: QuantizationScheme = asymmetric ? .uint8Asymmetric : .int8Symmetric
    var steps: [QuantizedModel.Step] = []
    var tensors: [(SafeTensor, QuantizedModel.ByteCategory)] = []
    var integer: [String] = []
    var float: [String] = []
    var generator = SeededGenerator(seed: 0)
    var x = calibration
    for (index, layer) in network.layers.enumerated() {
      var copy = layer
      let output = copy.forward(x, training: false, generator: &generator)
      if let quantizable = layer.config.layer as? any Quantizable {
        let activation = quantizable.finalActivation
        let useBias = quantizable.useBias
        let preActivation =
          activation == .relu || activation == .linear
          ? output : try linearOutput(layer, index: index, x, &generator)
        let input = observe(x, activationScheme)
        let out = observe(preActivation, activationScheme)
        let bias = useBias ? layer.weights[1].scalars : nil
        let step = try integerStep(
          layer,
          quantizable,
          bias: bias,
          activation: activation,
          perChannel: perChannel,
          asymmetric: asymmetric,
          input: input,
          output: out
        )
        steps.append(step.step)
        tensors += integerTensors(
          layer.name,
          kernel: step.kernel,
          kernelShape: layer.weights[0].shape,
          parameters: step.parameters,
          bias: useBias ? step.bias : nil,
          input: input,
          output: out
        )
        integer.append(layer.name)
      } else if let passing = layer.config.layer as? any IntegerCodePassing, passing.passesCodes {
        steps.append(.codes(layer))
        integer.append(layer.name)
      } else {
        var dequantized = layer
        for w in layer.weights.indices {
          let name = "\(layer.name)/\(layer.roles[w])"
          let weight = layer.weights[w]
          guard isKernel(layer, w) else {
            tensors.append(
              (SafeTensor(name: name, shape: weight.shape, float32: weight.scalars), .float32)
            )
            continue
          }
          let parameters = try weightParameters(
            weight,
            scheme: weightScheme,
            perChannel: perChannel
          )
          let codes = try parameters.quantize(weight.scalars, shape: weight.shape)
          tensors.append((codeTensor(name, shape: weight.shape, codes, asymmetric), .weights))
          tensors += scaleTensors(name, parameters)
          dequantized.weights[w] = Tensor(
            shape: weight.shape,
            scalars: try parameters.dequantize(codes, shape: weight.shape)
          )
        }
        steps.append(.float(dequantized))
        float.append(layer.name)
      }
      x = output
    }
    return QuantizedModel(
      source: network,
      target: .int8,
      perChannel: perChannel,
      asymmetric: asymmetric,
      calibrationCount: calibration.batchSize,
      steps: steps,
      tensors: tensors,
      roundsToHalf: false,
      integerLayers: integer,
      floatLayers: float
    )
  }

  struct IntegerStep {
    let step: QuantizedModel.Step
    let kernel: [Int32]
    let parameters: QuantizationParameters
    let bias: [Int32]
  }

  static func integerStep(
    _ layer: NetworkLayer,
    _ quantizable: any Quantizable,
    bias: [Float]?,
    activation: ActivationFunction,
    perChannel: Bool,
    asymmetric: Bool,
    input: QuantizationParameters,
    output: QuantizationParameters
  ) throws -> IntegerStep {
    let kernel = layer.weights[0]
    let relu = activation == .relu
    if asymmetric {
      let geometry: AffineIntegerLinear.Geometry
      if let window = quantizable.convolutionWindow {
        geometry = .conv(window.geometry(inputShape: layer.inputShape))
      } else {
        geometry = .dense(inputs: kernel.shape[0])
      }
      let affine = try AffineIntegerLinear(
        weights: kernel.scalars,
        shape: kernel.shape,
        bias: bias,
        geometry: geometry,
        perChannel: perChannel,
        input: input,
        output: output,
        fusedReLU: relu
      )
      return IntegerStep(
        step: .affine(affine, outputShape: layer.outputShape, activation: activation),
        kernel: affine.codes.map(Int32.init),
        parameters: affine.weightParameters,
        bias: affine.bias
      )
    }
    if let window = quantizable.convolutionWindow {
      let conv = try QuantizedConv2D(
        weights: kernel.scalars,
        bias: bias,
        kernelSize: (window.kernel.height, window.kernel.width),
        inChannels: layer.inputShape[2],
        filters: kernel.shape[kernel.rank - 1],
        strides: (window.strides.height, window.strides.width),
        padding: window.padding,
        inputParameters: input,
        outputParameters: output,
        perChannel: perChannel,
        fusedReLU: relu
      )
      return IntegerStep(
        step: .conv(
          conv,
          height: layer.inputShape[0],
          width: layer.inputShape[1],
          activation: activation
        ),
        kernel: conv.weights.map(Int32.init),
        parameters: conv.weightParameters,
        bias: conv.bias
      )
    }
    let dense = try QuantizedDense(
      weights: kernel.scalars,
      bias: bias,
      inputCount: kernel.shape[0],
      outputCount: kernel.shape[1],
      inputParameters: input,
      outputParameters: output,
      perChannel: perChannel,
      fusedReLU: relu
    )
    return IntegerStep(
      step: .dense(dense, activation: activation),
      kernel: dense.weights.map(Int32.init),
      parameters: dense.weightParameters,
      bias: dense.bias
    )
  }

  // MARK: - Helpers

  /// Whether weight `w` of `layer` is a kernel (quantized), not a bias or normalisation vector.
  static func isKernel(_ layer: NetworkLayer, _ w: Int) -> Bool {
    layer.weights[w].rank >= 2 && layer.trainable[w]
  }

  static func weightParameters(_ weight: Tensor, scheme: QuantizationScheme, perChannel: Bool)
    throws -> QuantizationParameters
  {
    perChannel
      ? try QuantizationParameters(perChannel: weight.scalars, shape: weight.shape, scheme: scheme)
      : QuantizationParameters(perTensor: weight.scalars, scheme: scheme)
  }

  static func observe(_ tensor: Tensor, _ scheme: QuantizationScheme) -> QuantizationParameters {
    var observer = MinMaxObserver()
    observer.observe(tensor.scalars)
    return observer.parameters(scheme: scheme)
  }

  /// The layer's output before its (non-ReLU) activation, for calibrating the integer output.
  static func linearOutput(
    _ layer: NetworkLayer,
    index: Int,
    _ x: Tensor,
    _ generator: inout SeededGenerator
  ) throws -> Tensor {
    let config =
      layer.config.layer.replacingActivation(with: .linear).map(TrainableLayerConfig.init)
      ?? layer.config
    var linear: NetworkLayer
    do {
      linear = try NetworkLayer(
        config: config,
        name: layer.name,
        index: index,
        inputShape: layer.inputShape,
        generator: &generator
      )
    } catch {
      throw EngineError.unsupported("\(error)")
    }
    linear.weights = layer.weights
    return linear.forward(x, training: false, generator: &generator)
  }

  static func codeTensor(_ name: String, shape: [Int], _ codes: [Int32], _ unsigned: Bool)
    -> SafeTensor
  {
    unsigned
      ? SafeTensor(
        name: name,
        dtype: .u8,
        shape: shape,
        data: codes.map { UInt8(truncatingIfNeeded: $0) }
      )
      : SafeTensor(name: name, shape: shape, int8: codes.map { Int8(truncatingIfNeeded: $0) })
  }

  static func scaleTensors(_ name: String, _ parameters: QuantizationParameters)
    -> [(SafeTensor, QuantizedModel.ByteCategory)]
  {
    var result: [(SafeTensor, QuantizedModel.ByteCategory)] = [
      (
        SafeTensor(
          name: name + "_scale",
          shape: [parameters.scales.count],
          float32: parameters.scales
        ), .scales
      )
    ]
    if !parameters.scheme.isSymmetric {
      result.append(
        (
          codeTensor(
            name + "_zero_point",
            shape: [parameters.zeroPoints.count],
            parameters.zeroPoints,
            !parameters.scheme.isSigned
          ), .zeroPoints
        )
      )
    }
    return result
  }

  static func integerTensors(
    _ layer: String,
    kernel: [Int32],
    kernelShape: [Int],
    parameters: QuantizationParameters,
    bias: [Int32]?,
    input: QuantizationParameters,
    output: QuantizationParameters
  ) -> [(SafeTensor, QuantizedModel.ByteCategory)] {
    let name = layer + "/kernel"
    var result: [(SafeTensor, QuantizedModel.ByteCategory)] = [
      (codeTensor(name, shape: kernelShape, kernel, !parameters.scheme.isSigned), .weights)
    ]
    result += scaleTensors(name, parameters)
    if let bias {
      result.append(
        (SafeTensor(name: layer + "/bias", shape: [bias.count], int32: bias), .int32Biases)
      )
    }
    for (role, parameters) in [("input", input), ("output", output)] {
      result.append(
        (
          SafeTensor(name: "\(layer)/\(role)_scale", shape: [1], float32: parameters.scales),
          .activationScales
        )
      )
      result.append(
        (
          codeTensor(
            "\(layer)/\(role)_zero_point",
            shape: [1],
            parameters.zeroPoints,
            !parameters.scheme.isSigned
          ), .zeroPoints
        )
      )
    }
    return result
  }
}

extension ModelQuantizer {
  /// `count` seeded random inputs for `network` (uniform `[0, 1)`, or valid token ids for a
  /// network that starts with an embedding), for calibrating without a dataset.
  public static func randomCalibration(for network: Network, count: Int, seed: UInt64) -> Tensor {
    network.randomInput(count: count, seed: seed)
  }

  /// `count` training examples drawn with `seed`, the calibration sample of static int8.
  public static func calibrationSample(from dataset: Dataset, count: Int, seed: UInt64) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    let order = generator.permutation(dataset.train.count)
    return dataset.train.features.gathering(items: order.prefix(count))
  }

  /// A model's float export with its kernels stored as int8, as `calc export --quantize int8`.
  ///
  /// `file` is a model's fp32 export, initialised or trained
  /// (`ModelDescription.safeTensorsFile`). Every kernel (rank ≥ 2) becomes an `I8` tensor,
  /// symmetric per output channel (`scale = max|w| / 127`), with an `F32` tensor
  /// `<name>_scale` of one scale per channel; biases and batch-norm vectors stay `F32`. The
  /// metadata gains `"precision": "int8"`.
  public static func int8ExportFile(_ file: SafeTensorsFile) throws(EngineError)
    -> SafeTensorsFile
  {
    var tensors: [SafeTensor] = []
    for tensor in file.tensors {
      guard tensor.shape.count >= 2, tensor.dtype == .f32 || tensor.dtype == .f16,
        tensor.name.hasSuffix("kernel") || tensor.name.hasSuffix("embeddings")
      else {
        tensors.append(tensor)
        continue
      }
      let values = try tensor.floatValues()
      do {
        let parameters = try QuantizationParameters(
          perChannel: values,
          shape: tensor.shape,
          scheme: .int8Symmetric
        )
        let codes = try parameters.quantizeToInt8(values, shape: tensor.shape)
        tensors.append(SafeTensor(name: tensor.name, shape: tensor.shape, int8: codes))
        tensors.append(
          SafeTensor(
            name: tensor.name + "_scale",
            shape: [parameters.scales.count],
            float32: parameters.scales
          )
        )
      } catch {
        throw .unsupported("\(error)")
      }
    }
    var metadata = file.metadata
    metadata["precision"] = "int8"
    return SafeTensorsFile(
      metadata: metadata,
      metadataOrder: file.metadataOrder + ["precision"],
      tensors: tensors
    )
  }
}

extension ModelLab {
  /// A stable path stem in `directory` for the files of one lab run, keyed by `key`.
  public static func runFileStem(directory: String, prefix: String, key: String) -> String {
    directory + "/" + prefix + "-" + fnv1a(key)
  }
}
