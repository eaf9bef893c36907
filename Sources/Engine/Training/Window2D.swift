/// The height and width of a 2-D window (kernel, pool or stride), writable as an integer
/// literal for square windows: `kernel: 3` means 3×3.
public struct Window2D: Sendable, Equatable, Hashable, ExpressibleByIntegerLiteral,
  CustomStringConvertible
{
  public var height: Int
  public var width: Int

  /// Creates a `height × width` window.
  public init(_ height: Int, _ width: Int) {
    self.height = height
    self.width = width
  }

  /// Creates a square window.
  public init(integerLiteral value: Int) {
    self.init(value, value)
  }

  public var description: String { height == width ? "\(height)" : "(\(height), \(width))" }
}
