import Foundation

/// The memory, speed and cost of serving a language model, every figure with its formula.
///
/// Memory = weights + KV cache + activation workspace + framework overhead. Speed is an upper
/// bound: a decode step must read every weight it uses and the whole KV cache from memory
/// (bytes ÷ bandwidth), or do its FLOPs at the stated utilisation, whichever is slower;
/// prefill is FLOP-bound. See docs/foundation-models.md for where this is optimistic.
public struct ServingEstimate: Sendable {
  /// What is being served and how.
  public struct Options: Sendable, Equatable {
    /// Weight format.
    public var precision: ServingPrecision
    /// Values per quantization group (one fp16 scale each) for int8/int4.
    public var groupSize: Int
    /// KV-cache format.
    public var keyValuePrecision: ServingPrecision
    /// Tokens per sequence (prompt + output) the cache must hold.
    public var context: Int
    /// Sequences served at once.
    public var batch: Int

    /// Creates options; `keyValuePrecision` defaults to the weight precision, at least 16-bit.
    public init(
      precision: ServingPrecision = .bf16,
      groupSize: Int = 128,
      keyValuePrecision: ServingPrecision? = nil,
      context: Int = 4096,
      batch: Int = 1
    ) {
      self.precision = precision
      self.groupSize = groupSize
      self.keyValuePrecision =
        keyValuePrecision ?? (precision.bits < 16 ? .fp16 : precision)
      self.context = context
      self.batch = batch
    }
  }

  /// Bytes the framework keeps per device (CUDA context, kernels, allocator slack): 1 GiB.
  public static let overheadPerDevice: Int64 = 1 << 30
  /// Fraction of peak FLOP/s that prefill (and compute-bound decode) reach: 50 %.
  public static let utilisation = 0.5
  /// Tokens processed at once in prefill (a chunked-prefill scheduler's budget): 8,192.
  public static let prefillChunk = 8192

  /// The options used.
  public let options: Options
  /// Weight bytes (scales included).
  public let weightsBytes: Int64
  /// Bytes of the quantization scales within `weightsBytes` (0 for float formats).
  public let scaleBytes: Int64
  /// KV-cache bytes per token of one sequence.
  public let keyValueBytesPerToken: Int64
  /// KV-cache bytes for context × batch (replicated where tensor parallelism needs it).
  public let keyValueBytes: Int64
  /// Transient activation workspace.
  public let activationBytes: Int64
  /// Framework overhead.
  public let overheadBytes: Int64
  /// Everything.
  public let totalBytes: Int64
  /// Whether `totalBytes` fits in the hardware's memory (nil without hardware).
  public let fits: Bool?
  /// Aggregate decode tokens per second over the batch, upper bound (nil without hardware).
  public let decodeTokensPerSecond: Double?
  /// Seconds to prefill every sequence's full context (nil without hardware).
  public let prefillSeconds: Double?
  /// US dollars per million output tokens at the decode rate (nil without a price).
  public let costPerMillionTokens: Double?
  /// Whether decode is limited by memory bandwidth (true) or compute (false).
  public let decodeIsMemoryBound: Bool?
  /// Each figure's formula with the numbers filled in, in report order.
  public let lines: [(label: String, formula: String)]

  /// Estimates serving `model` with `options` on `hardware` (memory only when nil).
  public init(model: ServingModel, options: Options, hardware: ServingHardware?) {
    self.options = options
    var lines: [(String, String)] = []
    let p = options.precision
    let devices = Int64(max(hardware?.count ?? 1, 1))

    // Weights.
    let matrix = model.matrixParameters
    let rest = model.totalParameters &- matrix
    var scales: Int64 = 0
    let weights: Int64
    let bytesPerValue = Double(p.bits) / 8
    if p.isInteger {
      let group = Int64(max(options.groupSize, 1))
      for kind in model.matrices {
        let rows = kind.values / Int64(max(kind.inputs, 1))
        let groupsPerRow = (Int64(kind.inputs) + group - 1) / group
        scales &+= rows &* groupsPerRow &* 2
      }
      let packed = (matrix &* Int64(p.bits) + 7) / 8
      weights = packed &+ scales &+ rest &* 2
      lines.append(
        (
          "weights",
          "\(matrix.grouped) block-matrix values × \(p.bits) bits = \(packed.grouped) B + fp16 scales (one per \(options.groupSize) inputs) \(scales.grouped) B + \(rest.grouped) other values (embeddings, norms, biases, head) × 2 B = \(weights.grouped) B (\(Self.gigabytes(weights)))"
        )
      )
    } else {
      weights = model.totalParameters &* Int64(p.bits / 8)
      lines.append(
        (
          "weights",
          "\(model.totalParameters.grouped) parameters × \(p.bits / 8) B (\(p.rawValue)) = \(weights.grouped) B (\(Self.gigabytes(weights)))"
        )
      )
    }
    self.weightsBytes = weights
    self.scaleBytes = scales

    // KV cache.
    let kvBytes = options.keyValuePrecision.bits / 8
    let perToken = model.keyValueElementsPerToken &* Int64(kvBytes)
    let replicate = max(1, Int64(devices) / Int64(max(model.keyValueHeads, 1)))
    let kv = perToken &* Int64(options.context) &* Int64(options.batch) &* replicate
    self.keyValueBytesPerToken = perToken
    self.keyValueBytes = kv
    lines.append(
      (
        "KV cache per token",
        "2 (K and V) × Σ over \(model.layers) layers of kv_heads × head_dim = \(model.keyValueElementsPerToken.grouped) values × \(kvBytes) B (\(options.keyValuePrecision.rawValue)) = \(perToken.grouped) B (\(Self.kibibytes(perToken)))"
      )
    )
    var kvText =
      "\(perToken.grouped) B × \(options.context.grouped) tokens × batch \(options.batch) = \((perToken &* Int64(options.context) &* Int64(options.batch)).grouped) B"
    if replicate > 1 {
      kvText +=
        " × \(replicate) (only \(model.keyValueHeads) KV heads for \(devices) devices: each head is replicated) = \(kv.grouped) B"
    }
    lines.append(("KV cache", kvText + " (\(Self.gigabytes(kv)))"))

    // Activations.
    let inFlight = Int64(min(options.batch &* options.context, Self.prefillChunk))
    let logits = Int64(options.batch) &* Int64(model.vocabulary) &* 4
    let activation = inFlight &* model.activationElementsPerToken &* 2 &+ logits
    self.activationBytes = activation
    lines.append(
      (
        "activations",
        "\(inFlight.grouped) tokens in flight (prefill chunk ≤ \(Self.prefillChunk.grouped)) × \(model.activationElementsPerToken.grouped) values (2·d + (heads + 2·kv_heads)·head_dim + MLP hidden) × 2 B + fp32 logits \(options.batch) × \(model.vocabulary.grouped) × 4 B = \(activation.grouped) B (\(Self.gigabytes(activation))); attention through a fused kernel (no tokens² score matrix)"
      )
    )

    // Overhead and total.
    let overhead = Self.overheadPerDevice &* devices
    self.overheadBytes = overhead
    lines.append(
      (
        "overhead",
        "assumed 1 GiB per device (CUDA context, kernels, allocator slack) × \(devices) = \(overhead.grouped) B"
      )
    )
    let total = weights &+ kv &+ activation &+ overhead
    self.totalBytes = total
    lines.append(
      (
        "total",
        "\(weights.grouped) + \(kv.grouped) + \(activation.grouped) + \(overhead.grouped) = \(total.grouped) B (\(Self.gigabytes(total)))"
      )
    )

    guard let hardware else {
      self.fits = nil
      self.decodeTokensPerSecond = nil
      self.prefillSeconds = nil
      self.costPerMillionTokens = nil
      self.decodeIsMemoryBound = nil
      self.lines = lines
      return
    }
    let memory = hardware.memoryBytes &* devices
    let fits = total <= memory
    self.fits = fits
    lines.append(
      (
        "fits",
        "\(Self.gigabytes(total)) \(fits ? "≤" : ">") \(devices) × \(Self.gigabytes(hardware.memoryBytes)) (\(hardware.device)) = \(Self.gigabytes(memory)): \(fits ? "fits" : "does not fit")"
      )
    )

    // Decode: bytes read per step.
    let untiedEmbedding = model.tiedHead ? 0 : model.embeddingParameters
    let restBytesPerValue = p.isInteger ? 2.0 : bytesPerValue
    var weightRead = Double(weights) - Double(untiedEmbedding) * restBytesPerValue
    var expertText = ""
    if model.experts > 0 {
      let fraction =
        1 - pow(1 - Double(model.topExperts) / Double(model.experts), Double(options.batch))
      let expertBytes =
        Double(model.expertParameters) * bytesPerValue
        + (matrix > 0 ? Double(scales) * Double(model.expertParameters) / Double(matrix) : 0)
      weightRead -= expertBytes * (1 - fraction)
      expertText =
        " (experts: a batch of \(options.batch) touches 1 − (1 − \(model.topExperts)/\(model.experts))^\(options.batch) = \(Self.percent(fraction)) of them)"
    }
    let kvRead = Double(kv)
    let bytesPerStep = weightRead + kvRead
    let bandwidth = hardware.bandwidthBytesPerSecond * Double(devices)
    let memoryTime = bytesPerStep / bandwidth
    let activeUsed = Double(model.activeParameters - untiedEmbedding)
    let flopsPerStep = 2 * activeUsed * Double(options.batch)
    let compute = hardware.peakFLOPS * Double(devices) * Self.utilisation
    let computeTime = flopsPerStep / compute
    let stepTime = max(memoryTime, computeTime)
    let decode = Double(options.batch) / stepTime
    self.decodeTokensPerSecond = decode
    self.decodeIsMemoryBound = memoryTime >= computeTime
    lines.append(
      (
        "bytes read per decode step",
        "weights used \(Self.gigabytes(Int64(weightRead)))\(expertText)\(untiedEmbedding > 0 ? " (the untied embedding table is looked up, not read whole)" : "") + KV cache at full context \(Self.gigabytes(kv)) = \(Self.gigabytes(Int64(bytesPerStep)))"
      )
    )
    lines.append(
      (
        "decode",
        "step = max(\(Self.gigabytes(Int64(bytesPerStep))) ÷ (\(devices) × \(Self.rate(hardware.bandwidthBytesPerSecond, "B/s"))) = \(Self.milliseconds(memoryTime)), 2 × \(Self.billions(activeUsed)) params × \(options.batch) ÷ (\(devices) × \(Self.rate(hardware.peakFLOPS, "FLOP/s")) × \(Self.percent(Self.utilisation))) = \(Self.milliseconds(computeTime))) = \(Self.milliseconds(stepTime)) → \(options.batch) ÷ \(Self.milliseconds(stepTime)) = \(String(format: "%.1f", decode)) tokens/s (upper bound: peak bandwidth, \(memoryTime >= computeTime ? "memory-bound" : "compute-bound"))"
      )
    )

    // Prefill.
    let tokens = Double(options.batch) * Double(options.context)
    let attentionFLOPs =
      2 * Double(options.batch) * Double(options.context) * Double(options.context)
      * Double(model.attentionWidth)
    let prefillFLOPs = 2 * activeUsed * tokens + attentionFLOPs
    let prefill = prefillFLOPs / compute
    self.prefillSeconds = prefill
    lines.append(
      (
        "prefill",
        "(2 × \(Self.billions(activeUsed)) params × \(Int64(tokens).grouped) tokens + causal attention 2 × \(options.batch) × \(options.context.grouped)² × \(model.attentionWidth.grouped)) = \(Self.scientific(prefillFLOPs)) FLOPs ÷ (\(devices) × \(Self.rate(hardware.peakFLOPS, "FLOP/s")) × \(Self.percent(Self.utilisation)) utilisation) = \(String(format: "%.2f", prefill)) s"
      )
    )

    // Cost.
    if let price = hardware.hourlyPrice {
      let cost = price / 3600 / decode * 1_000_000
      self.costPerMillionTokens = cost
      lines.append(
        (
          "cost",
          "$\(String(format: "%.3f", price))/h ÷ 3,600 s ÷ \(String(format: "%.1f", decode)) tokens/s × 1,000,000 = $\(String(format: "%.2f", cost)) per million output tokens (prices as of \(hardware.pricesAsOf ?? "unknown"))"
        )
      )
    } else {
      self.costPerMillionTokens = nil
      lines.append(("cost", "no hourly price for \(hardware.name): cost not computed"))
    }
    self.lines = lines
  }

  static func gigabytes(_ bytes: Int64) -> String {
    String(format: "%.2f GB", Double(bytes) / 1e9)
  }

  static func kibibytes(_ bytes: Int64) -> String {
    String(format: "%.1f KiB", Double(bytes) / 1024)
  }

  static func percent(_ fraction: Double) -> String {
    String(format: "%.0f %%", fraction * 100)
  }

  static func milliseconds(_ seconds: Double) -> String {
    String(format: "%.2f ms", seconds * 1000)
  }

  static func billions(_ count: Double) -> String {
    String(format: "%.2f B", count / 1e9)
  }

  static func scientific(_ value: Double) -> String {
    String(format: "%.3g", value)
  }

  static func rate(_ value: Double, _ unit: String) -> String {
    if value >= 1e12 { return String(format: "%.0f T\(unit)", value / 1e12) }
    return String(format: "%.0f G\(unit)", value / 1e9)
  }
}
