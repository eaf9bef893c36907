import ArgumentParser
import Engine
import Foundation
import SpecLanguage
import Terminal

/// `calc serve`: the memory, speed and cost of serving a language model, each figure with
/// its formula, against the instance catalog.
struct CalcServeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Memory, speed and cost of serving a language model on an instance or GPUs.",
    discussion: """
      Weights + KV cache + activations + overhead against the instance's memory;
      decode tokens/s as an upper bound from memory bandwidth; prefill time
      from FLOPs at 50 % utilisation; cost per million output tokens from the
      hourly price in content/instances.yaml (add your own in
      ~/.config/goldilocks/instances.yaml). int8/int4 are weight-only with one
      fp16 scale per --group inputs.
      """
  )

  /// The `--json` document (field names fixed by cli.md, extras after them).
  struct Report: Encodable {
    struct Line: Encodable {
      let label: String
      let formula: String
    }
    let model: String
    let precision: String
    let kvPrecision: String
    let group: Int
    let context: Int
    let batch: Int
    let hardware: String?
    let devices: Int?
    let weightsBytes: Int64
    let scaleBytes: Int64
    let kvCacheBytesPerToken: Int64
    let kvCacheBytes: Int64
    let activationBytes: Int64
    let overheadBytes: Int64
    let totalBytes: Int64
    let fits: Bool
    let smallestFit: String?
    let decodeTokensPerSecond: Double?
    let prefillSeconds: Double?
    let costPerMillionTokens: Double?
    let pricesAsOf: String?
    let formulas: [Line]
    let notes: [String]

    enum CodingKeys: String, CodingKey {
      case model, precision, group, context, batch, hardware, devices, fits, formulas, notes
      case kvPrecision = "kv_precision"
      case weightsBytes = "weights_bytes"
      case scaleBytes = "scale_bytes"
      case kvCacheBytesPerToken = "kv_cache_bytes_per_token"
      case kvCacheBytes = "kv_cache_bytes"
      case activationBytes = "activation_bytes"
      case overheadBytes = "overhead_bytes"
      case totalBytes = "total_bytes"
      case smallestFit = "smallest_fit"
      case decodeTokensPerSecond = "decode_tokens_per_second"
      case prefillSeconds = "prefill_seconds"
      case costPerMillionTokens = "cost_per_million_tokens"
      case pricesAsOf = "prices_as_of"
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(model, forKey: .model)
      try container.encode(precision, forKey: .precision)
      try container.encode(kvPrecision, forKey: .kvPrecision)
      try container.encode(group, forKey: .group)
      try container.encode(context, forKey: .context)
      try container.encode(batch, forKey: .batch)
      try container.encode(hardware, forKey: .hardware)
      try container.encode(devices, forKey: .devices)
      try container.encode(weightsBytes, forKey: .weightsBytes)
      try container.encode(scaleBytes, forKey: .scaleBytes)
      try container.encode(kvCacheBytesPerToken, forKey: .kvCacheBytesPerToken)
      try container.encode(kvCacheBytes, forKey: .kvCacheBytes)
      try container.encode(activationBytes, forKey: .activationBytes)
      try container.encode(overheadBytes, forKey: .overheadBytes)
      try container.encode(totalBytes, forKey: .totalBytes)
      try container.encode(fits, forKey: .fits)
      try container.encode(smallestFit, forKey: .smallestFit)
      try container.encode(decodeTokensPerSecond, forKey: .decodeTokensPerSecond)
      try container.encode(prefillSeconds, forKey: .prefillSeconds)
      try container.encode(costPerMillionTokens, forKey: .costPerMillionTokens)
      try container.encode(pricesAsOf, forKey: .pricesAsOf)
      try container.encode(formulas, forKey: .formulas)
      try container.encode(notes, forKey: .notes)
    }
  }

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The model: a preset (llama-3.1-8b), a spec, or a config.json / folder.")
  var model: [String]
  @Option(help: "Weight precision.") var precision: ServingPrecision = .bf16
  @Option(help: "Inputs per quantization group (one fp16 scale each) for int8/int4.")
  var group = 128
  @Option(
    name: .customLong("kv-precision"),
    help: "KV-cache precision (default: the weights', at least 16-bit)."
  ) var kvPrecision: KVCachePrecision?
  @Option(
    help:
      "Tokens per sequence the KV cache holds (prompt + output; default 4096, or the model's position table when shorter)."
  ) var context: Int?
  @Option(help: "Sequences served at once.") var batch = 1
  @Option(help: "An instance from the catalog, such as ml.g5.2xlarge.") var instance: String?
  @Option(help: "A GPU from the catalog, such as A10G (with --gpus).") var gpu: String?
  @Option(help: "How many --gpu devices share the model (tensor parallel).") var gpus: Int?

  /// Checks the numbers and that the hardware options go together, before any model is read.
  func validate() throws {
    _ = try servingOptions()
    _ = try target()
  }

  mutating func run() throws {
    let context = CommandContext(global)
    let target = try self.target()
    let description = try SpecInput(model).model(in: context)
    let served: ServingModel
    do {
      served = try ServingModel(model: description)
    } catch {
      throw GoldilocksError.invalidValue(error.description)
    }
    let options = try servingOptions(defaultContext: served.defaultContext)
    let planner = ServePlanner(
      catalog: try ServePlanner.catalog(environment: context.session.environment)
    )
    let plan = try planner.plan(model: served, options: options, target: target)
    let estimate = plan.estimate
    let name = description.presetName ?? SpecInput(model).text
    if context.json {
      try context.printJSON(Self.report(model: name, options: options, plan: plan))
      return
    }
    let color = context.color
    let on =
      plan.hardware.map { "\($0.name) (\($0.count) × \($0.device))" } ?? "no catalog instance"
    context.output.line(
      color.apply(.bold, to: "Serving \(name)")
        + " at \(options.precision.rawValue)\(options.precision.isInteger ? " (group \(options.groupSize))" : ""), KV cache at \(options.keyValuePrecision.rawValue), context \(options.context), batch \(options.batch) on \(on)"
    )
    Self.describe(estimate: estimate, plan: plan, in: context)
  }

  /// The `--json` document of one plan.
  static func report(
    model name: String,
    options: ServingEstimate.Options,
    plan: ServePlanner.Plan
  ) -> Report {
    let estimate = plan.estimate
    return
      Report(
        model: name,
        precision: options.precision.rawValue,
        kvPrecision: options.keyValuePrecision.rawValue,
        group: options.groupSize,
        context: options.context,
        batch: options.batch,
        hardware: plan.hardware?.name,
        devices: plan.hardware?.count,
        weightsBytes: estimate.weightsBytes,
        scaleBytes: estimate.scaleBytes,
        kvCacheBytesPerToken: estimate.keyValueBytesPerToken,
        kvCacheBytes: estimate.keyValueBytes,
        activationBytes: estimate.activationBytes,
        overheadBytes: estimate.overheadBytes,
        totalBytes: estimate.totalBytes,
        fits: estimate.fits ?? false,
        smallestFit: plan.smallestFit,
        decodeTokensPerSecond: estimate.decodeTokensPerSecond,
        prefillSeconds: estimate.prefillSeconds,
        costPerMillionTokens: estimate.costPerMillionTokens,
        pricesAsOf: plan.hardware?.pricesAsOf,
        formulas: estimate.lines.map { Report.Line(label: $0.label, formula: $0.formula) },
        notes: plan.notes
      )
  }

  /// The formulas, the verdict, the smallest fit, the notes and the assumptions.
  static func describe(
    estimate: ServingEstimate,
    plan: ServePlanner.Plan,
    in context: CommandContext
  ) {
    let color = context.color
    for line in estimate.lines {
      context.say(color.apply(.bold, to: line.label) + ": " + line.formula)
    }
    context.output.line()
    if let fits = estimate.fits {
      var verdict = fits ? "Fits" : "Does not fit"
      if let speed = estimate.decodeTokensPerSecond {
        verdict += String(format: "; at most %.0f tokens/s decode", speed)
      }
      if let cost = estimate.costPerMillionTokens {
        verdict += String(format: "; at least $%.2f per million output tokens", cost)
      }
      context.say(color.apply(.bold, to: verdict + "."))
    } else {
      context.say(color.apply(.bold, to: "No instance in the catalog fits these settings."))
    }
    if let smallest = plan.smallestFit {
      context.say(
        "Smallest fit in the catalog (fewest devices, or lowest cost per token): \(smallest)."
      )
    }
    if let date = plan.hardware?.pricesAsOf { context.say("Prices as of \(date).") }
    for note in plan.notes { context.say("note: " + note) }
    context.say(
      "Assumptions: \(ServingEstimate.overheadPerDevice >> 30) GiB framework overhead per device; prefill and compute-bound decode at 50 % of peak; decode reads every weight used and the whole KV cache each step at peak bandwidth (an upper bound: real kernels reach 60–80 %)."
    )
  }

  private func servingOptions(defaultContext: Int = 4096) throws -> ServingEstimate.Options {
    let context = self.context ?? defaultContext
    guard (1...1_048_576).contains(group) else {
      throw GoldilocksError.invalidValue("--group must be between 1 and 1048576, got \(group)")
    }
    guard (1...10_000_000).contains(context) else {
      throw GoldilocksError.invalidValue(
        "--context must be between 1 and 10000000 tokens, got \(context)"
      )
    }
    guard (1...100_000).contains(batch) else {
      throw GoldilocksError.invalidValue("--batch must be between 1 and 100000, got \(batch)")
    }
    return ServingEstimate.Options(
      precision: precision,
      groupSize: group,
      keyValuePrecision: kvPrecision?.servingPrecision,
      context: context,
      batch: batch
    )
  }

  private func target() throws -> ServePlanner.Target {
    if let instance {
      guard gpu == nil && gpus == nil else {
        throw GoldilocksError.invalidValue(
          "give either --instance or --gpu with --gpus, not both"
        )
      }
      return .instance(instance)
    }
    if let gpu {
      let count = gpus ?? 1
      guard (1...1024).contains(count) else {
        throw GoldilocksError.invalidValue("--gpus must be between 1 and 1024, got \(count)")
      }
      return .gpu(gpu, count)
    }
    if gpus != nil {
      throw GoldilocksError.invalidValue("--gpus needs --gpu NAME, e.g. --gpu A10G --gpus 2")
    }
    return .cheapestFit
  }
}
