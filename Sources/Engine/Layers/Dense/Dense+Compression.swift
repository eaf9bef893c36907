extension Dense: Quantizable, StructurallyPrunable {
  public var convolutionWindow: ConvolutionWindow? { nil }

  public func multiplyAccumulates(inputShape: [Int], outputShape: [Int]) -> Int {
    let features = inputShape.last ?? 0
    return inputShape.dropLast().reduce(1, *) * features * units
  }

  public func withOutputs(_ count: Int) -> any TrainableLayer {
    var copy = self
    copy.units = count
    return copy
  }

  public var kernelInputAxis: Int { 0 }
}
