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
    let batch = gradOutput.shape[0]
    let inShape = [batch] + inputShape
    let activation = config.finalActivation
    if !skipActivation && activation != .linear {
      let width = outputShape[outputShape.count - 1]
      let y = cache.output
      y.scalars.withUnsafeBufferPointer { py in
        dz.scalars.withUnsafeMutableBufferPointer {
          activation.backward(output: py.baseAddress!, gradient: $0, rowLength: width)
        }
      }
    }
    switch config {
    case .dense(let units, _, let useBias):
      let features = inputShape[inputShape.count - 1]
      let x = cache.input
      let rowsIn = x.count / features
      x.scalars.withUnsafeBufferPointer { px in
        dz.scalars.withUnsafeBufferPointer { pd in
          gradients[0].scalars.withUnsafeMutableBufferPointer { pg in
            Gemm.multiply(
              m: features,
              n: units,
              k: rowsIn,
              a: px.baseAddress!,
              aRowStride: 1,
              aColumnStride: features,
              b: pd.baseAddress!,
              bRowStride: units,
              bColumnStride: 1,
              c: pg.baseAddress!,
              ldc: units
            )
          }
        }
      }
      if useBias { columnSums(dz, width: units, into: 1) }
      guard needInputGradient else { return nil }
      return dz.scalars.withUnsafeBufferPointer { pd in
        weights[0].scalars.withUnsafeBufferPointer { pw in
          Tensor(shape: inShape) { px in
            Gemm.multiply(
              m: rowsIn,
              n: features,
              k: units,
              a: pd.baseAddress!,
              aRowStride: units,
              aColumnStride: 1,
              b: pw.baseAddress!,
              bRowStride: 1,
              bColumnStride: units,
              c: px.baseAddress!,
              ldc: features
            )
          }
        }
      }
    case .conv2d(let filters, let kernel, let stride, let padding, _, let useBias):
      let g = geometry(batch: batch, kernel: kernel, stride: stride, padding: padding)
      let col = cache.col
      col.withUnsafeBufferPointer { pcol in
        dz.scalars.withUnsafeBufferPointer { pd in
          gradients[0].scalars.withUnsafeMutableBufferPointer { pg in
            Gemm.multiply(
              m: g.patchLength,
              n: filters,
              k: g.outputPixels,
              a: pcol.baseAddress!,
              aRowStride: 1,
              aColumnStride: g.patchLength,
              b: pd.baseAddress!,
              bRowStride: filters,
              bColumnStride: 1,
              c: pg.baseAddress!,
              ldc: filters
            )
          }
        }
      }
      if useBias { columnSums(dz, width: filters, into: 1) }
      guard needInputGradient else { return nil }
      var dcol = [Float](repeating: 0, count: col.count)
      dz.scalars.withUnsafeBufferPointer { pd in
        weights[0].scalars.withUnsafeBufferPointer { pw in
          dcol.withUnsafeMutableBufferPointer { pc in
            Gemm.multiply(
              m: g.outputPixels,
              n: g.patchLength,
              k: filters,
              a: pd.baseAddress!,
              aRowStride: filters,
              aColumnStride: 1,
              b: pw.baseAddress!,
              bRowStride: 1,
              bColumnStride: filters,
              c: pc.baseAddress!,
              ldc: g.patchLength
            )
          }
        }
      }
      return dcol.withUnsafeBufferPointer { pc in
        Tensor(shape: inShape) { px in
          px.update(repeating: 0)
          Convolution.col2im(pc.baseAddress!, geometry: g, into: px.baseAddress!)
        }
      }
    case .depthwiseConv2d(let kernel, let stride, let padding, let multiplier, _, let useBias):
      let g = geometry(batch: batch, kernel: kernel, stride: stride, padding: padding)
      if useBias { columnSums(dz, width: outputShape[2], into: 1) }
      gradients[0].scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
      let x = cache.input
      let result = x.scalars.withUnsafeBufferPointer { px in
        weights[0].scalars.withUnsafeBufferPointer { pw in
          dz.scalars.withUnsafeBufferPointer { pd in
            gradients[0].scalars.withUnsafeMutableBufferPointer { pg in
              Tensor(shape: inShape) { pi in
                Convolution.depthwiseBackward(
                  px.baseAddress!,
                  kernel: pw.baseAddress!,
                  multiplier: multiplier,
                  geometry: g,
                  gradOutput: pd.baseAddress!,
                  gradInput: pi.baseAddress!,
                  gradKernel: pg.baseAddress!
                )
              }
            }
          }
        }
      }
      return needInputGradient ? result : nil
    case .maxPool2d:
      let argmax = cache.argmax
      return Tensor(shape: inShape) { pi in
        Pooling.maxBackward(
          gradOutput: dz.scalars,
          argmax: argmax,
          outputCount: dz.count,
          gradInput: pi.baseAddress!,
          inputCount: pi.count
        )
      }
    case .avgPool2d(let pool, let stride, let padding):
      let g = geometry(batch: batch, kernel: pool, stride: stride, padding: padding)
      return Tensor(shape: inShape) { pi in
        Pooling.averageBackward(gradOutput: dz.scalars, geometry: g, gradInput: pi.baseAddress!)
      }
    case .globalAvgPool2d, .globalMaxPool2d:
      let isMax = config == .globalMaxPool2d
      let argmax = cache.argmax
      return Tensor(shape: inShape) { pi in
        argmax.withUnsafeBufferPointer { pa in
          Pooling.globalBackward(
            gradOutput: dz.scalars,
            batch: batch,
            pixels: inputShape[0] * inputShape[1],
            channels: inputShape[2],
            max: isMax,
            argmax: isMax ? pa.baseAddress : nil,
            gradInput: pi.baseAddress!
          )
        }
      }
    case .flatten:
      return dz.reshaped(to: inShape)
    case .dropout:
      let mask = cache.mask
      dz.scalars.withUnsafeMutableBufferPointer { p in
        for i in 0..<p.count { p[i] *= mask[i] }
      }
      return dz
    case .batchNorm, .layerNorm:
      let f = inputShape[inputShape.count - 1]
      let rows = dz.count / f
      var gradGamma = [Float](repeating: 0, count: f)
      var gradBeta = [Float](repeating: 0, count: f)
      let result = Tensor(shape: inShape) { pi in
        if case .batchNorm = config {
          Normalization.batchNormBackward(
            gradOutput: dz.scalars,
            xHat: cache.xHat,
            inverseStd: cache.inverseStd,
            gamma: weights[0].scalars,
            rows: rows,
            features: f,
            gradInput: pi.baseAddress!,
            gradGamma: &gradGamma,
            gradBeta: &gradBeta
          )
        } else {
          Normalization.layerNormBackward(
            gradOutput: dz.scalars,
            xHat: cache.xHat,
            inverseStd: cache.inverseStd,
            gamma: weights[0].scalars,
            rows: rows,
            features: f,
            gradInput: pi.baseAddress!,
            gradGamma: &gradGamma,
            gradBeta: &gradBeta
          )
        }
      }
      gradients[0].scalars = gradGamma
      gradients[1].scalars = gradBeta
      return result
    case .activation:
      return dz
    case .embedding(_, let dim):
      var table = [Float](repeating: 0, count: gradients[0].count)
      for (i, id) in cache.input.scalars.enumerated() {
        let row = Int(id)
        for j in 0..<dim { table[row * dim + j] += dz.scalars[i * dim + j] }
      }
      gradients[0].scalars = table
      return needInputGradient ? Tensor(shape: inShape) : nil
    case .simpleRNN, .lstm, .gru, .multiHeadSelfAttention:
      // Unreachable: `Network.trainingCheck()` rejects these before training starts.
      return needInputGradient ? Tensor(shape: inShape) : nil
    }
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
