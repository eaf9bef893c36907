import Foundation

/// Errors the engine reports to the learner, each saying what is wrong and how to fix it.
public enum EngineError: Error, CustomStringConvertible, Equatable, Sendable {
  /// A computation would need more memory than the budget allows; `batch` is the batch
  /// size it runs at, if it has one (then a smaller batch is the other way out).
  case memoryBudgetExceeded(needed: Int64, budget: Int64, what: String, batch: Int? = nil)
  /// The engine cannot do this (yet); the message says what it can do instead.
  case unsupported(String)
  /// A convolution or pooling window does not fit in its input.
  case windowLargerThanInput(window: String, size: Int, height: Int, width: Int)
  /// A layer got an input of the wrong rank, e.g. an image layer after `flatten`.
  case wrongInputRank(layer: String, expected: String, input: Shape)
  /// A shape would become empty or otherwise impossible.
  case impossibleShape(String)
  /// A layer argument is out of range (zero units, a negative stride, …).
  case invalidArgument(String)
  /// A count would not fit in a 64-bit integer.
  case countOverflow(String)
  /// An analytic-only model cannot be built with real weights.
  case analyticOnly(model: String, action: String)
  /// A language model the language-model lab trains and samples, asked for an action only
  /// the classification lab has (timing, exporting, compressing).
  case languageModelOnly(model: String, action: String)
  /// A safetensors file is malformed; the message says which rule it breaks.
  case invalidSafeTensors(String)
  /// Training produced a loss or weights that are not finite numbers (NaN or infinity).
  case trainingDiverged(epoch: Int, learningRate: Double)
  /// A setting is outside the range the engine accepts: which one, the value given (as the
  /// learner wrote it) and the allowed range; the command layer names the option to change.
  case outOfRange(Hyperparameter, value: String, allowed: String)
  /// A file exists and overwriting it was not asked for.
  case fileExists(path: String)
  /// Reading or writing a file failed.
  case fileError(path: String, reason: String)

  public var description: String {
    switch self {
    case .memoryBudgetExceeded(let needed, let budget, let what, let batch):
      return
        "\(what) would need about \(Self.byteText(needed)) (\(needed.grouped) bytes), more than the memory budget of \(Self.byteText(budget)); choose a smaller model"
        + (batch == nil ? "" : " or batch")
    case .unsupported(let message):
      return message
    case .windowLargerThanInput(let window, let size, let height, let width):
      return "\(window) \(size) is larger than its \(height)x\(width) input"
    case .wrongInputRank(let layer, let expected, let input):
      var text = "\(layer) needs \(expected), but its input is \(input)"
      if input.rank == 1 && expected.contains("image") {
        text += "; a layer after flatten (or on a vector input) cannot be an image layer"
      }
      return text
    case .impossibleShape(let message), .invalidArgument(let message):
      return message
    case .countOverflow(let what):
      return "\(what) is too large to count (more than 9.2e18); make the model smaller"
    case .analyticOnly(let model, let action):
      return
        "\(model) is analytic-only: its blocks (transformerembedding, transformer, pooler, lmhead, bottleneck) describe sizes, not kernels, so there is nothing to \(action) here; it still answers size, memory and precision questions (calc summary). Write the model with layers that have kernels (embedding, mha, layernorm, dense, conv2d, …) or try a buildable model such as seed-mlp, seed-cnn or vgg16"
    case .languageModelOnly(let model, let action):
      return
        "\(model) is a language model: it trains on a text corpus and generates text, but there is no way to \(action) a language model here yet (compressing it and timing its generation are built; timing and exporting it as a classifier are not); its size and memory questions are answered from its shape"
    case .invalidSafeTensors(let message):
      return "not a valid safetensors file: \(message)"
    case .trainingDiverged(let epoch, let learningRate):
      return
        "training diverged: in epoch \(epoch) the loss or the weights stopped being finite numbers (NaN or infinity), so there is nothing to measure; the learning rate \(learningRate) is too large for this model and data, try one 10 to 100 times smaller"
    case .outOfRange(let setting, let value, let allowed):
      return "\(setting.phrase) must be \(allowed), got \(value)"
    case .fileExists(let path):
      return "\(path) already exists and is left untouched; choose another file name"
    case .fileError(let path, let reason):
      return "\(path): \(reason)"
    }
  }

  /// A byte count in decimal units for a message, such as `40.0 GB` or `512.0 MB`.
  public static func byteText(_ bytes: Int64) -> String {
    let units: [(String, Double)] = [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)]
    for (name, size) in units where Double(bytes) >= size {
      return String(format: "%.1f", Double(bytes) / size) + " " + name
    }
    return "\(bytes) bytes"
  }
}
