/// One layer of a `ModelDescription` with everything computed from its input shape.
public struct ModelLayer: Sendable {
  /// 1-based position after `input` (the spec term number minus one); used in tensor names.
  public let index: Int
  /// The layer's hyper-parameters.
  public let layer: any LayerDescription
  /// Shape of one example entering the layer.
  public let inputShape: Shape
  /// Shape of one example leaving the layer.
  public let outputShape: Shape
  /// The weight tensors, in Keras order.
  public let weights: [WeightDescription]
  /// Parameters that training updates.
  public let trainableParameters: Int64
  /// Parameters that training does not update (batch-norm moving statistics).
  public let nonTrainableParameters: Int64
  /// Multiply-accumulates per example.
  public let macs: Int64
  /// Elements kept for the backward pass per example.
  public let activationElements: Int64

  /// All parameters of the layer.
  public var parameters: Int64 { trainableParameters + nonTrainableParameters }

  /// `3.conv2d`: the prefix of this layer's tensor names.
  public var name: String { "\(index).\(layer.kind)" }

  /// Computes the layer's figures; throws if the input shape is impossible for it.
  init(index: Int, layer: any LayerDescription, inputShape: Shape) throws(EngineError) {
    self.index = index
    self.layer = layer
    self.inputShape = inputShape
    let output = try layer.outputShape(for: inputShape)
    for dimension in output.dimensions where dimension < 1 {
      throw .impossibleShape("the output shape \(output) would have an empty axis")
    }
    _ = try output.elementCount()
    self.outputShape = output
    let weights = layer.weights(for: inputShape)
    self.weights = weights
    var trainable: Int64 = 0
    var nonTrainable: Int64 = 0
    for weight in weights {
      let count = try weight.elementCount()
      if weight.isTrainable {
        trainable = try Int64.checkedSum(trainable, count, "the parameters of \(layer.kind)")
      } else {
        nonTrainable = try Int64.checkedSum(nonTrainable, count, "the parameters of \(layer.kind)")
      }
    }
    _ = try Int64.checkedSum(trainable, nonTrainable, "the parameters of \(layer.kind)")
    self.trainableParameters = trainable
    self.nonTrainableParameters = nonTrainable
    self.macs = try layer.macs(for: inputShape)
    self.activationElements = try layer.activationElements(for: inputShape)
  }
}
