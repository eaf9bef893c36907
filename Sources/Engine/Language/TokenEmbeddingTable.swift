/// The token embedding of a language model (nanoGPT's `wte`): one learned vector per token.
///
/// params = vocabulary × width; no multiply-accumulates (a row lookup). A tied output head
/// (`TiedOutputHead`) multiplies by the same table, so its matrix is counted once.
public struct TokenEmbeddingTable: MatrixWeighted {
  /// Number of tokens.
  public let vocabularySize: Int
  /// Width of one vector.
  public let width: Int
  /// The `[vocabulary, width]` table.
  public let weight: ParameterSlot

  init(_ name: String, vocabularySize: Int, width: Int, layout: inout ParameterLayout) {
    self.vocabularySize = vocabularySize
    self.width = width
    weight = layout.add("\(name).weight", [vocabularySize, width])
  }

  public var kind: String { "token embedding" }
  public var parameters: [ParameterSlot] { [weight] }
  public var matrices: [ParameterSlot] { [weight] }
  public var formula: String { "\(vocabularySize) × \(width) = \(vocabularySize * width)" }
  public func macs(context: Int) -> Int64 { 0 }
}

extension TokenEmbeddingTable {
  /// Writes the vector of `tokens[r]` into row `r` of `output`.
  func forward(
    _ tokens: UnsafePointer<Int32>,
    rows: Int,
    weights: UnsafePointer<Float>,
    into output: UnsafeMutablePointer<Float>
  ) {
    for r in 0..<rows {
      (output + r * width).update(
        from: weights + weight.offset + Int(tokens[r]) * width,
        count: width
      )
    }
  }

  /// Adds each row's gradient to the row of its token.
  func backward(
    _ tokens: UnsafePointer<Int32>,
    gradOutput dy: UnsafePointer<Float>,
    rows: Int,
    gradients: UnsafeMutablePointer<Float>
  ) {
    for r in 0..<rows {
      let target = gradients + weight.offset + Int(tokens[r]) * width
      let source = dy + r * width
      for j in 0..<width { target[j] += source[j] }
    }
  }
}
