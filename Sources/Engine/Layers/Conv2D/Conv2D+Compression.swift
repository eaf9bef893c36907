extension Conv2D: Quantizable, StructurallyPrunable {
  public var convolutionWindow: ConvolutionWindow? {
    ConvolutionWindow(kernel: kernel, strides: strides, padding: padding)
  }

  public func multiplyAccumulates(inputShape: [Int], outputShape: [Int]) -> Int {
    let pixels = outputShape[0] * outputShape[1]
    return pixels * kernel.height * kernel.width * inputShape[2] * filters
  }

  public func withOutputs(_ count: Int) -> any TrainableLayer {
    var copy = self
    copy.filters = count
    return copy
  }

  public var kernelInputAxis: Int { 2 }
}
