import Foundation

/// Times generation with the KV cache for two models in alternating rounds (A B A B …), so
/// that a slow moment of the machine falls on both, and pairs the rounds for an interval.
///
/// Each run feeds a fixed prompt and then `tokens` new tokens, choosing the most likely one
/// each time (greedy: no sampling cost, the same work every round), with `TextGenerator`'s
/// context shift when the window is full. One untimed run of each model warms caches first.
public struct DecodingBenchmark: Sendable {
  /// A model to time: float weights, or a quantized model running its codes.
  public enum Subject: Sendable {
    /// The fp32 kernels.
    case float(GPTModel)
    /// The int8 or int4 kernels of a quantized model.
    case quantized(QuantizedGPTModel)

    var configuration: GPTConfiguration {
      switch self {
      case .float(let model): model.configuration
      case .quantized(let model): model.configuration
      }
    }
  }

  /// New tokens per run.
  public var tokens: Int
  /// Timed runs of each model.
  public var rounds: Int
  /// The prompt (token ids).
  public var prompt: [Int32]

  /// A benchmark of `rounds` runs of `tokens` tokens after `prompt` (at least one token).
  public init(tokens: Int, rounds: Int, prompt: [Int32]) {
    self.tokens = tokens
    self.rounds = rounds
    self.prompt = prompt.isEmpty ? [0] : prompt
  }

  /// Tokens per second of each run of each subject, timed in turn (A B C A B C …).
  public func measure(_ subjects: [Subject]) -> [[Double]] {
    for subject in subjects { _ = run(subject) }
    var speeds = [[Double]](repeating: [], count: subjects.count)
    for _ in 0..<rounds {
      for (index, subject) in subjects.enumerated() {
        speeds[index].append(Double(tokens) / run(subject).seconds)
      }
    }
    return speeds
  }

  /// One generation: the tokens produced and the seconds it took.
  public func run(_ subject: Subject) -> (tokens: [Int32], seconds: Double) {
    switch subject {
    case .float(let model):
      return generate(model, kernel: FloatMatrixVectorKernel())
    case .quantized(let model):
      return generate(model.dequantized, kernel: model.makeKernel())
    }
  }

  private func generate<Kernel: MatrixVectorKernel>(
    _ model: GPTModel,
    kernel: Kernel
  ) -> (tokens: [Int32], seconds: Double) {
    let context = model.configuration.contextLength
    let cache = model.makeKeyValueCache()
    let scratch = GPTModel.StepScratch(for: model)
    var history = prompt
    var produced: [Int32] = []
    produced.reserveCapacity(tokens)
    let start = DispatchTime.now().uptimeNanoseconds
    var filled = 0
    var logits: [Float] = []
    for token in history.suffix(context) {
      logits = model.step(
        token: token,
        position: filled,
        cache: cache,
        scratch: scratch,
        kernel: kernel
      )
      filled += 1
    }
    for _ in 0..<tokens {
      var best = 0
      for j in logits.indices where logits[j] > logits[best] { best = j }
      let next = Int32(best)
      produced.append(next)
      history.append(next)
      if filled == context {
        filled = 0
        for token in history.suffix(context / 2).dropLast() {
          _ = model.step(
            token: token,
            position: filled,
            cache: cache,
            scratch: scratch,
            kernel: kernel
          )
          filled += 1
        }
      }
      logits = model.step(
        token: next,
        position: filled,
        cache: cache,
        scratch: scratch,
        kernel: kernel
      )
      filled += 1
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return (produced, max(seconds, 1e-9))
  }

  /// The cross-entropy of each of `LanguageModelTrainer.validationWindows` windows of the
  /// validation text (the same windows, in the same order, as
  /// `LanguageModelTrainer.validationLoss`, whose value is their mean): two models compared
  /// window by window give a paired interval of the change in loss.
  public static func windowLosses(
    _ model: GPTModel,
    tokens: [Int32],
    windows: Int = LanguageModelTrainer.validationWindows
  ) -> [Double] {
    let length = model.configuration.contextLength
    guard tokens.count > length + 1 else { return [] }
    let count = min(windows, tokens.count - length - 1)
    let spacing = (tokens.count - length - 1) / count
    let batch = 24
    let vocabulary = model.configuration.vocabularySize
    let workspace = GPTWorkspace(for: model, batch: batch, tokens: length, training: false)
    var losses: [Double] = []
    var window = 0
    while window < count {
      let size = min(batch, count - window)
      var inputs: [Int32] = []
      inputs.reserveCapacity(size * length)
      for w in window..<(window + size) {
        inputs += tokens[(w * spacing)..<(w * spacing + length)]
      }
      _ = model.forward(
        inputs: inputs,
        targets: nil,
        batch: size,
        tokens: length,
        workspace: workspace,
        keepGradient: false
      )
      let logits = workspace.logits.pointer
      for w in 0..<size {
        let offset = (window + w) * spacing
        var total = 0.0
        for t in 0..<length {
          let row = logits + (w * length + t) * vocabulary
          var largest = -Float.infinity
          for j in 0..<vocabulary { largest = max(largest, row[j]) }
          var sum = 0.0
          for j in 0..<vocabulary { sum += Foundation.exp(Double(row[j] - largest)) }
          let target = Int(tokens[offset + t + 1])
          total += Foundation.log(sum) - Double(row[target] - largest)
        }
        losses.append(total / Double(length))
      }
      window += size
    }
    return losses
  }
}
