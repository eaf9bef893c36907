extension NetworkLayer {
  /// Runs the layer on a batch `[n] + inputShape`; in training mode keeps what `backward` needs,
  /// updates batch-norm moving statistics and draws dropout masks from `generator`.
  package mutating func forward(
    _ x: Tensor,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    let batch = x.shape[0]
    let outShape = [batch] + outputShape
    var out: Tensor
    switch config {
    case .dense(let units, let activation, let useBias):
      let features = inputShape[inputShape.count - 1]
      let rows = x.count / features
      out = x.scalars.withUnsafeBufferPointer { px in
        weights[0].scalars.withUnsafeBufferPointer { pw in
          Tensor(shape: outShape) { pc in
            Gemm.multiply(
              m: rows,
              n: units,
              k: features,
              a: px.baseAddress!,
              aRowStride: features,
              aColumnStride: 1,
              b: pw.baseAddress!,
              bRowStride: units,
              bColumnStride: 1,
              c: pc.baseAddress!,
              ldc: units
            )
          }
        }
      }
      finish(&out, bias: useBias ? weights[1] : nil, activation: activation, width: units)
      if training { cache.input = x }
    case .conv2d(let filters, let kernel, let stride, let padding, let activation, let useBias):
      let g = geometry(batch: batch, kernel: kernel, stride: stride, padding: padding)
      var col = [Float](repeating: 0, count: g.outputPixels * g.patchLength)
      x.scalars.withUnsafeBufferPointer { px in
        col.withUnsafeMutableBufferPointer {
          Convolution.im2col(px.baseAddress!, geometry: g, into: $0.baseAddress!)
        }
      }
      out = col.withUnsafeBufferPointer { pcol in
        weights[0].scalars.withUnsafeBufferPointer { pw in
          Tensor(shape: outShape) { pc in
            Gemm.multiply(
              m: g.outputPixels,
              n: filters,
              k: g.patchLength,
              a: pcol.baseAddress!,
              aRowStride: g.patchLength,
              aColumnStride: 1,
              b: pw.baseAddress!,
              bRowStride: filters,
              bColumnStride: 1,
              c: pc.baseAddress!,
              ldc: filters
            )
          }
        }
      }
      finish(&out, bias: useBias ? weights[1] : nil, activation: activation, width: filters)
      if training { cache.col = col }
    case .depthwiseConv2d(
      let kernel,
      let stride,
      let padding,
      let multiplier,
      let activation,
      let useBias
    ):
      let g = geometry(batch: batch, kernel: kernel, stride: stride, padding: padding)
      out = x.scalars.withUnsafeBufferPointer { px in
        weights[0].scalars.withUnsafeBufferPointer { pw in
          Tensor(shape: outShape) { pc in
            Convolution.depthwiseForward(
              px.baseAddress!,
              kernel: pw.baseAddress!,
              multiplier: multiplier,
              geometry: g,
              into: pc.baseAddress!
            )
          }
        }
      }
      finish(
        &out,
        bias: useBias ? weights[1] : nil,
        activation: activation,
        width: outputShape[2]
      )
      if training { cache.input = x }
    case .maxPool2d(let pool, let stride, let padding):
      let g = geometry(batch: batch, kernel: pool, stride: stride, padding: padding)
      var argmax = [Int32](repeating: 0, count: outShape.reduce(1, *))
      out = x.scalars.withUnsafeBufferPointer { px in
        argmax.withUnsafeMutableBufferPointer { pa in
          Tensor(shape: outShape) { pc in
            Pooling.maxForward(
              px.baseAddress!,
              geometry: g,
              into: pc.baseAddress!,
              argmax: pa.baseAddress!
            )
          }
        }
      }
      if training { cache.argmax = argmax }
    case .avgPool2d(let pool, let stride, let padding):
      let g = geometry(batch: batch, kernel: pool, stride: stride, padding: padding)
      out = x.scalars.withUnsafeBufferPointer { px in
        Tensor(shape: outShape) {
          Pooling.averageForward(px.baseAddress!, geometry: g, into: $0.baseAddress!)
        }
      }
    case .globalAvgPool2d, .globalMaxPool2d:
      let isMax = config == .globalMaxPool2d
      let c = inputShape[2]
      var argmax = [Int32](repeating: 0, count: batch * c)
      out = x.scalars.withUnsafeBufferPointer { px in
        argmax.withUnsafeMutableBufferPointer { pa in
          Tensor(shape: outShape) { pc in
            Pooling.globalForward(
              px.baseAddress!,
              batch: batch,
              pixels: inputShape[0] * inputShape[1],
              channels: c,
              max: isMax,
              into: pc.baseAddress!,
              argmax: pa.baseAddress!
            )
          }
        }
      }
      if training && isMax { cache.argmax = argmax }
    case .flatten:
      out = x.reshaped(to: outShape)
    case .dropout(let rate):
      out = x
      if training && rate > 0 {
        let keep = 1 / (1 - rate)
        var mask = [Float](repeating: 0, count: x.count)
        for i in 0..<mask.count where generator.nextUnitFloat() >= rate { mask[i] = keep }
        out.scalars.withUnsafeMutableBufferPointer { p in
          for i in 0..<p.count { p[i] *= mask[i] }
        }
        cache.mask = mask
      } else if training {
        cache.mask = [Float](repeating: 1, count: x.count)
      }
    case .batchNorm(let momentum, let epsilon):
      let f = inputShape[inputShape.count - 1]
      let rows = x.count / f
      if training {
        var xHat = [Float](repeating: 0, count: x.count)
        var inverseStd = [Float](repeating: 0, count: f)
        var movingMean = weights[2].scalars
        var movingVariance = weights[3].scalars
        out = Tensor(shape: outShape) { py in
          Normalization.batchNormTrain(
            x.scalars,
            rows: rows,
            features: f,
            gamma: weights[0].scalars,
            beta: weights[1].scalars,
            movingMean: &movingMean,
            movingVariance: &movingVariance,
            momentum: momentum,
            epsilon: epsilon,
            output: py.baseAddress!,
            xHat: &xHat,
            inverseStd: &inverseStd
          )
        }
        weights[2].scalars = movingMean
        weights[3].scalars = movingVariance
        cache.xHat = xHat
        cache.inverseStd = inverseStd
      } else {
        out = Tensor(shape: outShape) { py in
          Normalization.batchNormInference(
            x.scalars,
            rows: rows,
            features: f,
            gamma: weights[0].scalars,
            beta: weights[1].scalars,
            movingMean: weights[2].scalars,
            movingVariance: weights[3].scalars,
            epsilon: epsilon,
            output: py.baseAddress!
          )
        }
      }
    case .layerNorm(let epsilon):
      let f = inputShape[inputShape.count - 1]
      let rows = x.count / f
      var xHat = [Float](repeating: 0, count: x.count)
      var inverseStd = [Float](repeating: 0, count: rows)
      out = Tensor(shape: outShape) { py in
        Normalization.layerNormForward(
          x.scalars,
          rows: rows,
          features: f,
          gamma: weights[0].scalars,
          beta: weights[1].scalars,
          epsilon: epsilon,
          output: py.baseAddress!,
          xHat: &xHat,
          inverseStd: &inverseStd
        )
      }
      if training {
        cache.xHat = xHat
        cache.inverseStd = inverseStd
      }
    case .activation(let activation):
      out = x
      finish(&out, bias: nil, activation: activation, width: inputShape[inputShape.count - 1])
    case .embedding(_, let dim):
      let table = weights[0].scalars
      out = Tensor(shape: outShape) { po in
        for (i, id) in x.scalars.enumerated() {
          let row = Int(id)
          for j in 0..<dim { po[i * dim + j] = table[row * dim + j] }
        }
      }
      if training { cache.input = x }
    case .simpleRNN(let units, let sequences), .lstm(let units, let sequences),
      .gru(let units, let sequences):
      let cell: RecurrentKernels.Cell =
        switch config {
        case .lstm: .lstm
        case .gru: .gru
        default: .simpleRNN
        }
      out = RecurrentKernels.forward(
        cell: cell,
        input: x,
        units: units,
        kernel: weights[0],
        recurrentKernel: weights[1],
        bias: weights[2],
        returnSequences: sequences
      )
    case .multiHeadSelfAttention(let heads, let keyDim):
      out = AttentionKernel.selfAttention(x, heads: heads, keyDim: keyDim, weights: weights)
    }
    if training { cache.output = out }
    return out
  }

  /// Adds the bias (broadcast over rows of `width`) and applies the activation, in place.
  func finish(_ out: inout Tensor, bias: Tensor?, activation: ActivationFunction, width: Int) {
    out.scalars.withUnsafeMutableBufferPointer { p in
      if let bias {
        bias.scalars.withUnsafeBufferPointer { pb in
          var start = 0
          while start < p.count {
            for j in 0..<width { p[start + j] += pb[j] }
            start += width
          }
        }
      }
      activation.apply(p, rowLength: width)
    }
  }

  /// The window geometry of this layer for a batch.
  func geometry(
    batch: Int,
    kernel: Window2D,
    stride: Window2D,
    padding: Padding
  ) -> Convolution.Geometry {
    Convolution.Geometry(
      batch: batch,
      height: inputShape[0],
      width: inputShape[1],
      channels: inputShape[2],
      kernel: (kernel.height, kernel.width),
      stride: (stride.height, stride.width),
      padding: padding
    )
  }
}
