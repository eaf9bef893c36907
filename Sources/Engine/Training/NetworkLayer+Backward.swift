extension NetworkLayer {
  /// Back-propagates through the layer, storing weight gradients.
  ///
  /// `gradOutput` is ∂L/∂output, or ∂L/∂pre-activation when `skipActivation`. Returns
  /// ∂L/∂input, or `nil` when `needInputGradient` is false (the first layer). Needs a training
  /// `forward` first.
  mutating func backward(
    _ gradOutput: Tensor,
    skipActivation: Bool,
    needInputGradient: Bool
  ) -> Tensor? {
    var dz = gradOutput
    let layer = config.layer
    let activation = layer.finalActivation
    if !skipActivation && activation != .linear {
      let width = outputShape[outputShape.count - 1]
      if activation.derivativeNeedsInput {
        let input = cache.preActivation
        input.withUnsafeBufferPointer { pi in
          dz.scalars.withUnsafeMutableBufferPointer {
            activation.backward(input: pi.baseAddress!, gradient: $0)
          }
        }
      } else {
        let y = cache.output
        y.scalars.withUnsafeBufferPointer { py in
          dz.scalars.withUnsafeMutableBufferPointer {
            activation.backward(output: py.baseAddress!, gradient: $0, rowLength: width)
          }
        }
      }
    }
    return layer.backward(dz, in: &self, needInputGradient: needInputGradient)
  }

  /// Writes the column sums of `dz` (rows of `width`) into `gradients[index]` (bias gradients).
  mutating func columnSums(_ dz: Tensor, width: Int, into index: Int) {
    var sums = [Float](repeating: 0, count: width)
    dz.scalars.withUnsafeBufferPointer { p in
      sums.withUnsafeMutableBufferPointer { s in
        var row = p.baseAddress!
        let end = p.baseAddress! + p.count
        while row < end {
          for j in 0..<width { s[j] += row[j] }
          row += width
        }
      }
    }
    gradients[index].scalars = sums
  }
}
