/// A `GPTModel` with its weight matrices quantized group-wise to int8 or int4 (weight-only).
///
/// Quantized: every matrix a token is multiplied by (`GPTModel.matrices`): the 4 linear
/// weights of each block and the token embedding, which is also the tied output head.
/// Kept in fp32: the position table, biases and layer-norm gains and shifts (2.9 % of
/// tiny-gpt's parameters).
///
/// `dequantized` is the float model with each quantized matrix replaced by code × scale:
/// its validation loss is the quantized model's, since weight-only quantization changes the
/// weights and nothing else. Generation (`step`) runs the int8 or int4 codes directly
/// (`GroupQuantizedMatrix.multiply`); the token-embedding row of the input token is read
/// from the dequantized copy.
public struct QuantizedGPTModel: Sendable {
  /// The model with dequantized weights.
  public let dequantized: GPTModel
  /// 8 or 4.
  public let bits: Int
  /// Inputs sharing one scale.
  public let groupSize: Int
  /// The quantized matrices, by tensor name.
  public let matrices: [String: GroupQuantizedMatrix]

  /// Quantizes `model`'s matrices to `bits` (8 or 4) in groups of `groupSize` inputs.
  public init(_ model: GPTModel, bits: Int, groupSize: Int) throws(EngineError) {
    var dequantized = model
    var matrices: [String: GroupQuantizedMatrix] = [:]
    for slot in model.matrices {
      let matrix = try GroupQuantizedMatrix(
        model.parameters.values(of: slot),
        outputs: slot.shape[0],
        inputs: slot.shape[1],
        bits: bits,
        groupSize: groupSize
      )
      matrices[slot.name] = matrix
      dequantized.parameters.setValues(matrix.dequantized(), of: slot)
    }
    self.dequantized = dequantized
    self.bits = bits
    self.groupSize = groupSize
    self.matrices = matrices
  }

  /// The model's shape.
  public var configuration: GPTConfiguration { dequantized.configuration }

  /// Parameters quantized (the rest stay fp32).
  public var quantizedParameterCount: Int {
    matrices.values.reduce(0) { $0 + $1.outputs * $1.inputs }
  }

  /// The weight file of the quantized model.
  ///
  /// Each quantized matrix is stored as its codes (`I8 [out, in]`, or `U8 [out, in/2]`
  /// of packed int4 nibbles) and a `name.scales` `F16 [out, in/groupSize]` tensor; every
  /// other tensor `F32`. The metadata says how to read it back.
  public func weightFile(name: String) -> SafeTensorsFile {
    var tensors: [SafeTensor] = []
    for slot in dequantized.parameters.slots {
      guard let matrix = matrices[slot.name] else {
        tensors.append(
          SafeTensor(
            name: slot.name,
            shape: slot.shape,
            float32: dequantized.parameters.values(of: slot)
          )
        )
        continue
      }
      tensors.append(
        SafeTensor(
          name: slot.name,
          dtype: bits == 8 ? .i8 : .u8,
          shape: bits == 8 ? slot.shape : [matrix.outputs, matrix.inputs / 2],
          data: matrix.storage
        )
      )
      tensors.append(
        SafeTensor(
          name: slot.name + ".scales",
          shape: [matrix.outputs, matrix.groupsPerRow],
          float16: matrix.scales
        )
      )
    }
    let scheme = GroupQuantizedMatrix.scheme(bits: bits)
    return SafeTensorsFile(
      metadata: [
        "format": "goldilocks-gpt-quantized",
        "model": name,
        "configuration": LanguageModelLab.configurationJSON(configuration),
        "quantization":
          "weight-only int\(bits), symmetric, codes in [\(scheme.qmin), \(scheme.qmax)], one F16 scale per \(groupSize) inputs of a row (name.scales), w = code × scale"
          + (bits == 4 ? "; two codes per byte, even element in the low nibble" : ""),
      ],
      tensors: tensors
    )
  }

  /// The next-token logits after feeding `token` at `position`, with the quantized matrices
  /// multiplied by their codes (see `GPTModel.step`).
  public func step(
    token: Int32,
    position: Int,
    cache: KeyValueCache,
    scratch: GPTModel.StepScratch,
    kernel: Kernel
  ) -> [Float] {
    dequantized.step(
      token: token,
      position: position,
      cache: cache,
      scratch: scratch,
      kernel: kernel
    )
  }

  /// A kernel for `step`, with its own scratch (one per generation; not shared by threads).
  public func makeKernel() -> Kernel { Kernel(self) }

  /// The matrix-vector products of a quantized model: its codes where a matrix was
  /// quantized, the float weights elsewhere.
  ///
  /// `@unchecked Sendable` holds by ownership: `makeKernel()` gives each generation its own,
  /// whose scratch only that generation's thread writes.
  public final class Kernel: MatrixVectorKernel, @unchecked Sendable {
    let byOffset: [Int: GroupQuantizedMatrix]
    let scratch: FloatBuffer

    init(_ model: QuantizedGPTModel) {
      var byOffset: [Int: GroupQuantizedMatrix] = [:]
      for slot in model.dequantized.parameters.slots {
        if let matrix = model.matrices[slot.name] { byOffset[slot.offset] = matrix }
      }
      self.byOffset = byOffset
      scratch = FloatBuffer(count: byOffset.values.map(\.inputs).max() ?? 1)
    }

    func multiply(
      _ linear: Linear,
      _ x: UnsafePointer<Float>,
      weights: UnsafePointer<Float>,
      into y: UnsafeMutablePointer<Float>
    ) {
      guard let matrix = byOffset[linear.weight.offset] else {
        linear.forward(x, rows: 1, weights: weights, into: y)
        return
      }
      matrix.multiply(
        x,
        bias: linear.bias.map { weights + $0.offset },
        into: y,
        scratch: scratch.pointer
      )
    }
  }
}
