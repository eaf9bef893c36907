extension DepthwiseConv2D: Prunable {
  public func multiplyAccumulates(inputShape: [Int], outputShape: [Int]) -> Int {
    let pixels = outputShape[0] * outputShape[1]
    return pixels * kernel.height * kernel.width * inputShape[2] * depthMultiplier
  }
}
