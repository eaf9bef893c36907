/// The keys and values of the tokens a model has already seen, one table per layer.
///
/// Generation with the cache computes each new token's key and value once and reuses them
/// for every later token, so a token costs one row of work per layer instead of a whole
/// window. The price is memory: 2 × layers × context × width floats
/// (`bytes` = 2 · 4 · 128 · 64 · 4 = 262,144 for tiny-gpt).
///
/// `@unchecked Sendable` holds by ownership: one generation (one sequence being decoded) owns
/// its cache and appends to it from one thread; concurrent generations make their own.
public final class KeyValueCache: @unchecked Sendable {
  /// Number of layers.
  public let layers: Int
  /// Tokens each table holds (the model's context).
  public let capacity: Int
  /// Width of one key or value.
  public let width: Int
  private let storage: FloatBuffer

  /// An empty cache for `layers` layers of `capacity` tokens of `width` values.
  public init(layers: Int, capacity: Int, width: Int) {
    self.layers = layers
    self.capacity = capacity
    self.width = width
    storage = FloatBuffer(count: 2 * layers * capacity * width)
  }

  /// Bytes held by the keys and values.
  public var bytes: Int { storage.bytes }

  func keys(layer: Int) -> UnsafeMutablePointer<Float> {
    storage.pointer + (2 * layer) * capacity * width
  }

  func values(layer: Int) -> UnsafeMutablePointer<Float> {
    storage.pointer + (2 * layer + 1) * capacity * width
  }
}
