import Engine

/// Magnitude pruning of a `Network`'s kernels, one-shot or on a schedule during fine-tuning.
///
/// Kernels of dense, conv2d and depthwise layers are pruned (biases and batch-norm vectors are
/// not, as in TF-MOT). Per layer, each kernel loses its smallest `|w|` (TF-MOT's rule, see
/// `SparsityMask`); with `global`, one threshold ranks all kernels together (PyTorch's
/// `global_unstructured`), so layers with small weights lose more.
public enum ModelPruner {
  /// The masks of a network's prunable kernels.
  public struct Masks: Sendable {
    /// One entry per pruned kernel: the layer index, the weight index and its mask.
    public var entries: [(layer: Int, weight: Int, mask: SparsityMask)]
  }

  /// How sparsity is reached during fine-tuning.
  public enum Schedule: String, Sendable, CaseIterable {
    /// Prune to the target once, then fine-tune with the masks fixed.
    case oneShot = "one-shot"
    /// Ramp from 0 to the target over the first three quarters of fine-tuning (cubic).
    case polynomial
    /// The target from step 0, masks recomputed every `frequency` steps.
    case constant
  }

  /// What fine-tuning did.
  public struct FineTuneReport: Sendable {
    /// Optimizer steps run.
    public var steps: Int
    /// Steps at which masks were recomputed.
    public var maskUpdates: [Int]
    /// The schedule's begin step, end step and frequency (one-shot: 0, 0, 1).
    public var beginStep: Int
    public var endStep: Int
    public var frequency: Int
    /// Epochs finished.
    public var completedEpochs: Int
    /// Seconds spent.
    public var seconds: Double
  }

  /// The `(layer, weight)` indices of the kernels that magnitude pruning touches.
  public static func prunableWeights(_ network: Network) -> [(layer: Int, weight: Int)] {
    var result: [(layer: Int, weight: Int)] = []
    for (index, layer) in network.layers.enumerated() {
      guard layer.config.layer is any Prunable else { continue }
      for w in layer.weights.indices where ModelQuantizer.isKernel(layer, w) {
        result.append((index, w))
      }
    }
    return result
  }

  /// Magnitude masks at `sparsity` (in `[0, 1)`), per layer or with one global threshold.
  public static func masks(_ network: Network, sparsity: Double, global: Bool) throws -> Masks {
    guard sparsity >= 0, sparsity < 1, sparsity.isFinite else {
      throw EngineError.outOfRange(
        .sparsity,
        value: "\(sparsity)",
        allowed: "in [0, 1): the fraction of weights removed (0.5 removes half)"
      )
    }
    let targets = prunableWeights(network)
    let values = targets.map { network.layers[$0.layer].weights[$0.weight].scalars }
    let masks: [SparsityMask]
    do {
      masks =
        global
        ? try SparsityMask.global(magnitudesOf: values, sparsity: Float(sparsity))
        : try values.map { try SparsityMask(magnitudesOf: $0, sparsity: Float(sparsity)) }
    } catch {
      throw EngineError.invalidArgument("\(error)")
    }
    return Masks(entries: zip(targets, masks).map { ($0.layer, $0.weight, $1) })
  }

  /// Sets the pruned weights to zero.
  public static func apply(_ masks: Masks, to network: inout Network) {
    for entry in masks.entries {
      var weight = network.layers[entry.layer].weights[entry.weight]
      for i in weight.scalars.indices where !entry.mask.isKept[i] { weight.scalars[i] = 0 }
      network.layers[entry.layer].weights[entry.weight] = weight
    }
  }

  /// One-shot magnitude pruning: the network with its smallest kernel weights set to zero.
  public static func prune(network: Network, sparsity: Double, global: Bool) throws -> Network {
    var result = network
    apply(try masks(network, sparsity: sparsity, global: global), to: &result)
    return result
  }

  /// Prunes and fine-tunes `network` in place, re-applying the masks after every step.
  ///
  /// Schedules follow TF-MOT: masks are recomputed at step `t` (counted from 0, before the
  /// `t`-th update) only when `shouldPrune(at: t)`, for `sparsity(at: t)`. Defaults here:
  /// `begin = 0`, `frequency = max(1, min(100, total / 10))`, and for polynomial
  /// `end` = the last multiple of the frequency within the first three quarters of the steps
  /// (power 3, from 0 to the target); constant never ends. A one-shot prune happens at step 0.
  public static func fineTune(
    _ network: inout Network,
    on dataset: Dataset,
    recipe: TrainingRecipe,
    epochs: Int,
    sparsity: Double,
    global: Bool,
    schedule: Schedule,
    progress: (TrainingEvent) -> Void = { _ in },
    isCancelled: () -> Bool = { false }
  ) throws -> FineTuneReport {
    guard epochs >= 0, epochs <= 1000 else {
      throw EngineError.outOfRange(
        .fineTuningEpochs,
        value: "\(epochs)",
        allowed: "between 0 and 1000"
      )
    }
    let stepsPerEpoch = (dataset.train.count + recipe.batchSize - 1) / max(1, recipe.batchSize)
    let total = stepsPerEpoch * epochs
    let frequency = schedule == .oneShot ? 1 : max(1, min(100, total / 10))
    var end = max(frequency, (total * 3 / 4) / frequency * frequency)
    let plan: (any PruningSchedule)?
    do {
      switch schedule {
      case .oneShot:
        plan = nil
        end = 0
      case .polynomial:
        plan = try PolynomialDecay(
          initialSparsity: 0,
          finalSparsity: sparsity,
          beginStep: 0,
          endStep: end,
          power: 3,
          frequency: frequency
        )
      case .constant:
        end = -1
        plan = try ConstantSparsity(
          targetSparsity: sparsity,
          beginStep: 0,
          endStep: -1,
          frequency: frequency
        )
      }
    } catch {
      throw EngineError.invalidArgument("\(error)")
    }
    var updates: [Int] = [0]
    var current = try masks(
      network,
      sparsity: plan.map { Double($0.sparsity(at: 0)) } ?? sparsity,
      global: global
    )
    apply(current, to: &network)
    var failure: (any Error)?
    var trainer = recipe.trainer(loss: lossFor(network, dataset))
    trainer.epochs = epochs
    let history: TrainingHistory
    do {
      history = try trainer.fit(
        &network,
        on: dataset.train,
        validation: dataset.test,
        progress: progress,
        isCancelled: isCancelled,
        afterStep: { net, step in
          if let plan, step < total, plan.shouldPrune(at: step) {
            do {
              current = try masks(net, sparsity: Double(plan.sparsity(at: step)), global: global)
              updates.append(step)
            } catch {
              failure = error
            }
          }
          apply(current, to: &net)
        }
      )
    } catch {
      throw EngineError.unsupported("\(error)")
    }
    if let failure { throw failure }
    apply(current, to: &network)
    return FineTuneReport(
      steps: total,
      maskUpdates: updates,
      beginStep: 0,
      endStep: end,
      frequency: frequency,
      completedEpochs: history.epochs.count,
      seconds: LatencyReport.seconds(history.elapsed)
    )
  }

  /// The loss a network is trained with on `dataset`.
  static func lossFor(_ network: Network, _ dataset: Dataset) -> LossFunction {
    guard dataset.task == .classification else { return .meanSquaredError }
    return network.outputShape == [1] ? .binaryCrossEntropy : .sparseCategoricalCrossEntropy
  }

  /// Multiply-accumulates of one batch-1 inference (the `Prunable` layers: dense, conv2d,
  /// depthwise).
  public static func multiplyAccumulates(_ network: Network) -> Int {
    network.layers.reduce(0) { total, layer in
      guard let prunable = layer.config.layer as? any Prunable else { return total }
      return total
        + prunable.multiplyAccumulates(
          inputShape: layer.inputShape,
          outputShape: layer.outputShape
        )
    }
  }

  /// Fraction of zeros among the prunable kernels.
  public static func kernelSparsity(_ network: Network) -> Double {
    var zeros = 0
    var count = 0
    for target in prunableWeights(network) {
      let values = network.layers[target.layer].weights[target.weight].scalars
      zeros += values.filter { $0 == 0 }.count
      count += values.count
    }
    return count == 0 ? 0 : Double(zeros) / Double(count)
  }
}
