import Engine
import Lab

/// What `calc time` measures: the model built at a precision, warmed up and timed.
struct LatencyTiming {
  let lab: LabContext
  /// The seed of the initial weights (and of int8's random calibration inputs).
  let seed: UInt64

  /// Latency of `model` at `precision` over `runs` timed passes of `batch` inputs.
  ///
  /// Too big is a question of memory at this batch, checked before anything is
  /// allocated; an analytic-only model that would fit is refused for having no kernels,
  /// not for its size.
  func measure(
    _ model: ModelDescription,
    precision: TimedPrecision,
    batch: Int,
    runs: Int
  ) throws -> LatencyReport {
    try lab.lab.checkInferenceMemory(model, batch: batch)
    try model.requireBuildable(for: "time")
    if let target = precision.quantization {
      return try QuantizedTiming.latency(
        model: model,
        target: target,
        batch: batch,
        runs: runs,
        seed: seed,
        budget: lab.memoryBudget
      )
    }
    let network = try NetworkBuilder.network(
      for: model,
      task: nil,
      seed: seed,
      use: .inference(batch: batch),
      budget: lab.memoryBudget
    )
    return try lab.lab.latency(network, dataset: nil, batch: batch, runs: runs)
  }
}
