/// A batch of 8-bit activation codes held as the left operand of the integer GEMM: rows in
/// tiles of six, each row's values four (VNNI) or two (`vpmaddwd`) to a word.
///
/// Integer dense layers pass their outputs to the next one in this form
/// (`QuantizedDense.output(_:batch:packedFor:threads:)`), requantized tile by tile as the product
/// is computed, instead of as Int32 codes that the next layer checks and packs again.
public struct PackedActivations: Sendable {
  /// The packed words, `Int8Gemm.packRows`' layout for `kernel`.
  let words: [UInt32]
  /// Rows (examples, or examples × positions).
  public let rows: Int
  /// Values per row.
  public let features: Int
  /// The kernel whose layout the words follow.
  let kernel: Int8Gemm.Kernel

  /// Whether these words are the operand of a product over `rows × features` with `kernel`.
  func matches(rows: Int, features: Int, kernel: Int8Gemm.Kernel) -> Bool {
    self.rows == rows && self.features == features && self.kernel == kernel
      && words.count == Int8Gemm.packedWordCount(m: rows, k: features, kernel: kernel)
  }

  /// The codes `[rows, features]` row-major, for codes that were shifted by `shift` into Int8
  /// (128 for uint8 codes, 0 for int8).
  public func codes(shift: Int32) -> [Int32] {
    let step = kernel.depthStep
    let steps = (features + step - 1) / step
    var codes = [Int32](repeating: 0, count: rows * features)
    for row in 0..<rows {
      let (tile, lane) = row.quotientAndRemainder(dividingBy: Int8Gemm.rowBlock)
      let base = (tile * steps * Int8Gemm.rowBlock) + lane
      for column in 0..<features {
        let word = words[base + (column / step) * Int8Gemm.rowBlock]
        let a: Int32
        if kernel == .dotProduct {
          a = Int32(UInt8(truncatingIfNeeded: word >> UInt32(8 * (column % 4)))) - 128
        } else {
          a = Int32(Int16(truncatingIfNeeded: word >> UInt32(16 * (column % 2))))
        }
        codes[row * features + column] = a + shift
      }
    }
    return codes
  }
}
