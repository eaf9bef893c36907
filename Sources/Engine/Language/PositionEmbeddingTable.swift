/// Learned absolute positions (nanoGPT's `wpe`): one vector per place in the context.
///
/// params = context × width; no multiply-accumulates (an addition per value).
public struct PositionEmbeddingTable: LanguageLayer {
  /// The longest context the table covers (the block size).
  public let positions: Int
  /// Width of one vector.
  public let width: Int
  /// The `[positions, width]` table.
  public let weight: ParameterSlot

  init(_ name: String, positions: Int, width: Int, layout: inout ParameterLayout) {
    self.positions = positions
    self.width = width
    weight = layout.add("\(name).weight", [positions, width])
  }

  public var kind: String { "position embedding" }
  public var parameters: [ParameterSlot] { [weight] }
  public var formula: String { "\(positions) × \(width) = \(positions * width)" }
  public func macs(context: Int) -> Int64 { 0 }
}
