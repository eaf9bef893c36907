/// Errors from building, running or training a `Network`, written for the learner.
public enum NetworkError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The data's example shape differs from the network's input shape.
  case inputShapeMismatch(expected: [Int], actual: [Int])
  /// A layer cannot take the shape produced by the layers before it.
  case layerDoesNotFit(index: Int, layer: String, inputShape: [Int], reason: String)
  /// Training was asked of a layer that only has a forward pass.
  case backwardUnsupported(layer: String)
  /// Features and targets disagree on the number of examples.
  case targetCountMismatch(examples: Int, targets: Int)
  /// A token id is outside the embedding table.
  case embeddingIndexOutOfRange(index: Float, vocabulary: Int)
  /// A loaded weight has the wrong shape.
  case weightShapeMismatch(name: String, expected: [Int], actual: [Int])
  /// A weight the network needs is absent from the loaded list.
  case missingWeight(name: String)
  /// A hyper-parameter is out of range (such as batch size 0 or dropout rate 1).
  case invalidSetting(String)
  /// The loss does not suit the network's output.
  case lossDoesNotFit(loss: String, outputShape: [Int], reason: String)

  public var description: String {
    switch self {
    case .inputShapeMismatch(let expected, let actual):
      return "the data's examples have shape \(format(actual)) but the network expects "
        + "\(format(expected)); start the spec with input\(format(actual))"
    case .layerDoesNotFit(let index, let layer, let inputShape, let reason):
      return "layer \(index + 1) (\(layer)) cannot take input of shape \(format(inputShape)): "
        + reason
    case .backwardUnsupported(let layer):
      return "\(layer) layers can be timed and run but not trained here (no backward pass); "
        + "remove it to train, or use the network for inference only"
    case .targetCountMismatch(let examples, let targets):
      return "there are \(examples) examples but \(targets) targets; they must match"
    case .embeddingIndexOutOfRange(let index, let vocabulary):
      return "token id \(index) is outside the embedding table (ids must be whole numbers "
        + "0…\(vocabulary - 1)); raise vocab or fix the data"
    case .weightShapeMismatch(let name, let expected, let actual):
      return "weight '\(name)' has shape \(format(actual)) but the layer needs "
        + "\(format(expected)); the saved weights belong to a different spec"
    case .missingWeight(let name):
      return "weight '\(name)' is missing from the saved weights; retrain the model"
    case .invalidSetting(let message):
      return message
    case .lossDoesNotFit(let loss, let outputShape, let reason):
      return "loss \(loss) does not fit the network's output \(format(outputShape)): \(reason)"
    }
  }

  private func format(_ shape: [Int]) -> String {
    "(" + shape.map(String.init).joined(separator: ", ") + ")"
  }
}
