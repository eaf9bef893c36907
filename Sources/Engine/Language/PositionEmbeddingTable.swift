/// Learned absolute positions (nanoGPT's `wpe`): one vector per place in the context.
///
/// It runs a spec's `positions(T)`: one addition per value, no products.
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

  public var parameters: [ParameterSlot] { [weight] }
}
