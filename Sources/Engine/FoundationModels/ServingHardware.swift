/// The accelerators a model is served on: one device's memory, bandwidth and peak compute,
/// how many of them share the model (tensor parallel), and the hourly price.
public struct ServingHardware: Sendable, Equatable {
  /// The instance or GPU name, such as `ml.g5.2xlarge` or `A10G`.
  public var name: String
  /// The accelerator, such as `NVIDIA A10G`.
  public var device: String
  /// Memory of one device in bytes.
  public var memoryBytes: Int64
  /// Memory bandwidth of one device in bytes per second.
  public var bandwidthBytesPerSecond: Double
  /// Peak dense fp16/bf16 FLOP/s of one device.
  public var peakFLOPS: Double
  /// Peak dense int8 operations per second of one device.
  public var peakInt8OPS: Double
  /// Devices used (tensor-parallel degree).
  public var count: Int
  /// Hourly on-demand price of the whole instance in US dollars, when known.
  public var hourlyPrice: Double?
  /// The date the price was taken (`YYYY-MM-DD`), when known.
  public var pricesAsOf: String?

  /// Creates a hardware description.
  public init(
    name: String,
    device: String,
    memoryBytes: Int64,
    bandwidthBytesPerSecond: Double,
    peakFLOPS: Double,
    peakInt8OPS: Double,
    count: Int,
    hourlyPrice: Double?,
    pricesAsOf: String?
  ) {
    self.name = name
    self.device = device
    self.memoryBytes = memoryBytes
    self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
    self.peakFLOPS = peakFLOPS
    self.peakInt8OPS = peakInt8OPS
    self.count = count
    self.hourlyPrice = hourlyPrice
    self.pricesAsOf = pricesAsOf
  }
}
