import Foundation
import Yams

/// Accelerators and the instances that hold them, with where every figure came from
/// (`content/instances.yaml`, plus the learner's own file).
public struct InstanceCatalog: Sendable, Equatable {
  /// One accelerator: memory, bandwidth and peak compute of one device.
  public struct Accelerator: Codable, Sendable, Equatable {
    /// The name used by `--gpu` and by instances, such as `A10G`.
    public var name: String
    /// What it is, such as `NVIDIA A10G`.
    public var device: String
    /// Memory per device in GiB.
    public var memoryGiB: Double
    /// Memory bandwidth per device in GB/s.
    public var bandwidthGBs: Double
    /// Peak dense fp16/bf16 TFLOP/s per device.
    public var fp16TFLOPS: Double
    /// Peak dense int8 TOP/s per device.
    public var int8TOPS: Double
    /// Where the figures came from.
    public var source: String
    /// The date they were read (`YYYY-MM-DD`).
    public var taken: String
    /// Whether every figure was checked against the source.
    public var verified: Bool
    /// Remarks (what is and is not verified).
    public var note: String?

    enum CodingKeys: String, CodingKey {
      case name, device, source, taken, verified, note
      case memoryGiB = "memory_gib"
      case bandwidthGBs = "bandwidth_gb_s"
      case fp16TFLOPS = "fp16_tflops"
      case int8TOPS = "int8_tops"
    }
  }

  /// One instance type: accelerators and an hourly price.
  public struct Instance: Codable, Sendable, Equatable {
    /// The instance type, such as `ml.g5.2xlarge`.
    public var name: String
    /// The accelerator's name in `accelerators`.
    public var accelerator: String
    /// Accelerators per instance.
    public var count: Int
    /// On-demand US dollars per hour for the instance.
    public var pricePerHour: Double?
    /// The price's region.
    public var region: String?
    /// The date the price was read (`YYYY-MM-DD`).
    public var priceTaken: String?
    /// Where the price came from.
    public var priceSource: String?
    /// Whether the price was checked against the source.
    public var priceVerified: Bool?
    /// Remarks.
    public var note: String?

    enum CodingKeys: String, CodingKey {
      case name, accelerator, count, region, note
      case pricePerHour = "price_per_hour"
      case priceTaken = "price_taken"
      case priceSource = "price_source"
      case priceVerified = "price_verified"
    }
  }

  private struct File: Codable {
    var accelerators: [Accelerator]?
    var instances: [Instance]?
  }

  /// Every accelerator, by name.
  public private(set) var accelerators: [Accelerator]
  /// Every instance, in file order (the user's file after the shipped one).
  public private(set) var instances: [Instance]

  /// Creates a catalog from values.
  public init(accelerators: [Accelerator], instances: [Instance]) {
    self.accelerators = accelerators
    self.instances = instances
  }

  /// Parses one catalog file's text, naming `file` in errors.
  ///
  /// With `validate`, every instance must name an accelerator of the same file (a user file
  /// is validated after it is merged with the shipped one).
  public init(yaml text: String, file: String, validate: Bool = true) throws(ContentError) {
    let decoded: File
    do {
      decoded = try YAMLDecoder().decode(File.self, from: text)
    } catch let error as DecodingError {
      throw .malformed(file: file, line: nil, column: nil, message: Self.describe(error))
    } catch {
      throw .malformed(file: file, line: nil, column: nil, message: "YAML: \(error)")
    }
    self.init(accelerators: decoded.accelerators ?? [], instances: decoded.instances ?? [])
    if validate { try self.validate(file: file) }
  }

  /// Reads the shipped catalog and, when it exists, the user's file on top of it.
  public static func load(shipped: String, user: String?) throws(ContentError) -> InstanceCatalog {
    var catalog = try read(shipped, validate: true)
    if let user, FileManager.default.fileExists(atPath: user) {
      catalog.merge(try read(user, validate: false))
      try catalog.validate(file: user)
    }
    return catalog
  }

  /// The accelerator called `name` (case-insensitive).
  public func accelerator(named name: String) -> Accelerator? {
    accelerators.first { $0.name.lowercased() == name.lowercased() }
  }

  /// The instance called `name` (case-insensitive; `g5.2xlarge` finds `ml.g5.2xlarge`).
  public func instance(named name: String) -> Instance? {
    let wanted = name.lowercased()
    return instances.first {
      $0.name.lowercased() == wanted || $0.name.lowercased() == "ml." + wanted
    }
  }

  /// Entries of `other` replace same-named ones and add the rest.
  public mutating func merge(_ other: InstanceCatalog) {
    for accelerator in other.accelerators {
      accelerators.removeAll { $0.name == accelerator.name }
      accelerators.append(accelerator)
    }
    for instance in other.instances {
      instances.removeAll { $0.name == instance.name }
      instances.append(instance)
    }
  }

  private static func read(_ path: String, validate: Bool) throws(ContentError) -> InstanceCatalog {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .malformed(file: path, line: nil, column: nil, message: "cannot read the file")
    }
    return try InstanceCatalog(
      yaml: String(decoding: data, as: UTF8.self),
      file: path,
      validate: validate
    )
  }

  private func validate(file: String) throws(ContentError) {
    for accelerator in accelerators {
      let figures = [
        accelerator.memoryGiB, accelerator.bandwidthGBs, accelerator.fp16TFLOPS,
        accelerator.int8TOPS,
      ]
      guard figures.allSatisfy({ $0.isFinite && $0 > 0 }) else {
        throw .malformed(
          file: file,
          line: nil,
          column: nil,
          message:
            "accelerator \(accelerator.name): memory_gib, bandwidth_gb_s, fp16_tflops and int8_tops must be positive numbers"
        )
      }
    }
    for instance in instances {
      guard accelerator(named: instance.accelerator) != nil else {
        throw .malformed(
          file: file,
          line: nil,
          column: nil,
          message:
            "instance \(instance.name): accelerator `\(instance.accelerator)` is not in the catalog; known: \(accelerators.map(\.name).joined(separator: ", "))"
        )
      }
      guard instance.count >= 1, (instance.pricePerHour ?? 1) > 0 else {
        throw .malformed(
          file: file,
          line: nil,
          column: nil,
          message: "instance \(instance.name): count must be at least 1 and price_per_hour positive"
        )
      }
    }
  }

  private static func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
      var text = ""
      for key in context.codingPath {
        if let index = key.intValue {
          text += "[\(index)]"
        } else {
          text += (text.isEmpty ? "" : ".") + key.stringValue
        }
      }
      return text
    }
    switch error {
    case .keyNotFound(let key, let context):
      let at = path(context)
      return "key `\(key.stringValue)` is missing\(at.isEmpty ? "" : " in \(at)")"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return "key `\(path(context))`: \(context.debugDescription)"
    case .dataCorrupted(let context):
      return "\(path(context).isEmpty ? "" : "key `\(path(context))`: ")\(context.debugDescription)"
    @unknown default:
      return "\(error)"
    }
  }
}
