import Engine
import Lab

/// Timing of the reduced-precision paths of the compression lab.
enum QuantizedTiming {
  /// Examples of seeded random calibration input used when timing int8 without a dataset.
  static let calibrationCount = 64

  static func latency(
    model: ModelDescription,
    target: QuantizationTarget,
    batch: Int,
    runs: Int,
    seed: UInt64,
    budget: MemoryBudget
  )
    throws -> LatencyReport
  {
    // The float network, plus its reduced-precision copy (codes, and dequantized float
    // weights for the layers that run in float): at most one more set of fp32 weights.
    let calibrates = target == .int8
    let use = MemoryEstimate.Use.inference(
      batch: calibrates ? max(batch, calibrationCount) : batch
    )
    let estimate = try MemoryEstimate(model: model, use: use)
    try budget.check(
      estimate.total + estimate.weights,
      for:
        "making and running the \(target.rawValue) copy of \(model.presetName ?? "this model")"
        + (calibrates
          ? " (\(calibrationCount) calibration inputs at once, then batch \(batch))"
          : " at batch \(batch)"),
      batch: batch
    )
    let network = try NetworkBuilder.network(
      for: model,
      task: nil,
      seed: seed,
      use: use,
      budget: budget
    )
    let quantized = try ModelQuantizer.quantize(
      network: network,
      target: target,
      perChannel: true,
      calibration: target == .int8
        ? ModelQuantizer.randomCalibration(for: network, count: calibrationCount, seed: seed)
        : nil
    )
    return try quantized.latency(dataset: nil, batch: batch, runs: runs)
  }
}
