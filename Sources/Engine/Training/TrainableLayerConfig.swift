/// One layer of a trainable `Network`: any `TrainableLayer` value.
///
/// The list of configs plus an input shape (without the batch axis) is all `Network` needs.
/// Each layer family adds its shorthand beside its code (`.dense(units:)` in
/// `Dense+Training.swift`, `.conv2d(filters:kernel:)` in `Conv2D+Training.swift`, …), so a
/// list reads `[.conv2d(filters: 8, kernel: 3), .flatten, .dense(units: 10)]`.
public struct TrainableLayerConfig: Sendable, Equatable {
  /// The layer itself.
  public let layer: any TrainableLayer

  /// Wraps `layer`.
  public init(_ layer: any TrainableLayer) {
    self.layer = layer
  }

  /// Keras' default base name for the layer (`dense`, `conv2d`, …).
  public var kerasName: String { layer.kerasName }

  /// Whether the layer has a backward pass (recurrent and attention layers do not).
  public var supportsBackward: Bool { layer.supportsBackward }

  /// The activation applied at the end of the layer, if it has one.
  public var finalActivation: ActivationFunction { layer.finalActivation }

  public static func == (lhs: TrainableLayerConfig, rhs: TrainableLayerConfig) -> Bool {
    lhs.layer.isSameLayer(as: rhs.layer)
  }
}

/// A layer type to match a config against in `if case` and `switch`:
/// `if case .embedding = config`, or `LayerFamily(Dense.self)` for any family.
public struct LayerFamily: Sendable {
  private let matches: @Sendable (any TrainableLayer) -> Bool

  /// The family of layers of type `type`.
  public init<T: TrainableLayer>(_ type: T.Type) {
    matches = { $0 is T }
  }

  /// Embedding layers (they read token ids, so they change what input a network takes).
  public static var embedding: LayerFamily { LayerFamily(Embedding.self) }

  /// Whether `config` is a layer of `family`.
  public static func ~= (family: LayerFamily, config: TrainableLayerConfig) -> Bool {
    family.matches(config.layer)
  }
}
