import Curriculum
import Engine
import Foundation

/// Turns `calc serve` options into estimates against the instance catalog: the hardware
/// asked for, or the cheapest instance (or fewest GPUs) that fits.
struct ServePlanner {
  /// How the hardware was chosen.
  enum Target: Equatable {
    /// `--instance NAME`.
    case instance(String)
    /// `--gpu NAME --gpus N`.
    case gpu(String, Int)
    /// Neither: the fitting instance with the lowest cost per million tokens.
    case cheapestFit
  }

  /// One estimate and the hardware it was made for.
  struct Plan {
    let estimate: ServingEstimate
    let hardware: ServingHardware?
    /// The smallest fitting instance name or `N x GPU`, if any.
    let smallestFit: String?
    /// Remarks on the figures used (unverified prices, derived prices).
    let notes: [String]
  }

  let catalog: InstanceCatalog

  /// The catalog shipped in content/ plus the learner's file.
  static func catalog(environment: [String: String]) throws -> InstanceCatalog {
    let root = try ContentLocator.root(environment: environment)
    let configHome =
      environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
    return try InstanceCatalog.load(
      shipped: root + "/content/instances.yaml",
      user: configHome + "/goldilocks/instances.yaml"
    )
  }

  /// The catalog's instance names for completion (none when the catalog cannot be read).
  static func instanceNames(environment: [String: String]) -> [String] {
    ((try? catalog(environment: environment))?.instances ?? []).map(\.name)
  }

  /// The catalog's accelerator names for completion.
  static func acceleratorNames(environment: [String: String]) -> [String] {
    ((try? catalog(environment: environment))?.accelerators ?? []).map(\.name)
  }

  /// The catalog's instance names, for completion and messages.
  var instanceNames: [String] { catalog.instances.map(\.name) }

  func plan(
    model: ServingModel,
    options: ServingEstimate.Options,
    target: Target
  ) throws -> Plan {
    if let limit = model.positionLimit, options.context > limit {
      throw GoldilocksError.invalidValue(
        "context \(options.context) is longer than the model's learned position table (\(limit) positions): it has no position vector for token \(limit + 1); serve a context of at most \(limit) tokens"
      )
    }
    switch target {
    case .instance(let name):
      guard let instance = catalog.instance(named: name) else {
        throw GoldilocksError.invalidValue(
          "no instance `\(name)` in the catalog; known: \(instanceNames.joined(separator: ", ")) (add your own in ~/.config/goldilocks/instances.yaml)"
        )
      }
      let hardware = try self.hardware(instance)
      let estimate = ServingEstimate(model: model, options: options, hardware: hardware)
      return Plan(
        estimate: estimate,
        hardware: hardware,
        smallestFit: cheapestFit(model: model, options: options)?.instance.name,
        notes: notes(for: instance)
      )
    case .gpu(let name, let count):
      guard let accelerator = catalog.accelerator(named: name) else {
        throw GoldilocksError.invalidValue(
          "no GPU `\(name)` in the catalog; known: \(catalog.accelerators.map(\.name).joined(separator: ", "))"
        )
      }
      let cheapest = catalog.instances.filter {
        $0.accelerator == accelerator.name && $0.pricePerHour != nil
      }.min {
        ($0.pricePerHour ?? 0) / Double($0.count) < ($1.pricePerHour ?? 0) / Double($1.count)
      }
      let perDevice = cheapest.flatMap { instance in
        instance.pricePerHour.map { $0 / Double(instance.count) }
      }
      let hardware = Self.hardware(
        accelerator,
        name: "\(count) x \(accelerator.name)",
        count: count,
        price: perDevice.map { $0 * Double(count) },
        taken: cheapest?.priceTaken
      )
      var notes: [String] = []
      if let cheapest, let perDevice {
        notes.append(
          "price: \(count) × $\(String(format: "%.3f", perDevice))/h per \(accelerator.name), from \(cheapest.name) ($\(String(format: "%.3f", cheapest.pricePerHour ?? 0))/h for \(cheapest.count))"
        )
        notes += self.notes(for: cheapest)
      }
      let fewest = [1, 2, 4, 8, 16, 32, 64].first { devices in
        let candidate = Self.hardware(
          accelerator,
          name: "",
          count: devices,
          price: nil,
          taken: nil
        )
        return ServingEstimate(model: model, options: options, hardware: candidate).fits == true
      }
      return Plan(
        estimate: ServingEstimate(model: model, options: options, hardware: hardware),
        hardware: hardware,
        smallestFit: fewest.map { "\($0) x \(accelerator.name)" },
        notes: notes
      )
    case .cheapestFit:
      guard let (instance, hardware) = cheapestFit(model: model, options: options) else {
        return Plan(
          estimate: ServingEstimate(model: model, options: options, hardware: nil),
          hardware: nil,
          smallestFit: nil,
          notes: ["no instance in the catalog has room for this model at these settings"]
        )
      }
      return Plan(
        estimate: ServingEstimate(model: model, options: options, hardware: hardware),
        hardware: hardware,
        smallestFit: instance.name,
        notes: [
          "no --instance or --gpu given: the instance that fits at the lowest cost per million tokens"
        ]
          + notes(for: instance)
      )
    }
  }

  /// Of the instances whose memory holds the model, the one with the lowest cost per million
  /// output tokens (then the lowest hourly price; unpriced ones last).
  func cheapestFit(
    model: ServingModel,
    options: ServingEstimate.Options
  ) -> (instance: InstanceCatalog.Instance, hardware: ServingHardware)? {
    var best: (instance: InstanceCatalog.Instance, hardware: ServingHardware, key: [Double])?
    for instance in catalog.instances {
      guard let hardware = try? self.hardware(instance) else { continue }
      let estimate = ServingEstimate(model: model, options: options, hardware: hardware)
      guard estimate.fits == true else { continue }
      let key = [
        estimate.costPerMillionTokens ?? .infinity, instance.pricePerHour ?? .infinity,
      ]
      if best == nil || key.lexicographicallyPrecedes(best?.key ?? []) {
        best = (instance, hardware, key)
      }
    }
    return best.map { ($0.instance, $0.hardware) }
  }

  private func hardware(_ instance: InstanceCatalog.Instance) throws -> ServingHardware {
    guard let accelerator = catalog.accelerator(named: instance.accelerator) else {
      throw GoldilocksError.invalidValue(
        "instance \(instance.name) names an accelerator `\(instance.accelerator)` that is not in the catalog"
      )
    }
    return Self.hardware(
      accelerator,
      name: instance.name,
      count: instance.count,
      price: instance.pricePerHour,
      taken: instance.priceTaken
    )
  }

  private static func hardware(
    _ accelerator: InstanceCatalog.Accelerator,
    name: String,
    count: Int,
    price: Double?,
    taken: String?
  ) -> ServingHardware {
    ServingHardware(
      name: name,
      device: accelerator.device,
      memoryBytes: Int64(accelerator.memoryGiB * Double(1 << 30)),
      bandwidthBytesPerSecond: accelerator.bandwidthGBs * 1e9,
      peakFLOPS: accelerator.fp16TFLOPS * 1e12,
      peakInt8OPS: accelerator.int8TOPS * 1e12,
      count: count,
      hourlyPrice: price,
      pricesAsOf: taken
    )
  }

  private func notes(for instance: InstanceCatalog.Instance) -> [String] {
    var notes: [String] = []
    if let price = instance.pricePerHour {
      let verified = instance.priceVerified == true ? "" : " (UNVERIFIED: check it)"
      notes.append(
        "price of \(instance.name): $\(String(format: "%.3f", price))/h on demand, \(instance.region ?? "region not given"), taken \(instance.priceTaken ?? "?"), source \(instance.priceSource ?? "none")\(verified)"
      )
    }
    if let accelerator = catalog.accelerator(named: instance.accelerator) {
      let verified =
        accelerator.verified ? "" : " (not every figure verified; see content/instances.yaml)"
      notes.append(
        "\(accelerator.name): \(accelerator.memoryGiB) GiB, \(accelerator.bandwidthGBs) GB/s, \(accelerator.fp16TFLOPS) dense fp16 TFLOP/s; source \(accelerator.source), taken \(accelerator.taken)\(verified)"
      )
    }
    return notes
  }
}
