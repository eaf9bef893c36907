extension Conv2D: ActivatedLayer, NetworkBuildable {
  public var kerasName: String { "conv2d" }

  public func forward(
    _ x: Tensor,
    in layer: inout NetworkLayer,
    training: Bool,
    generator: inout SeededGenerator
  ) -> Tensor {
    let g = layer.geometry(batch: x.shape[0], kernel: kernel, stride: strides, padding: padding)
    return Conv2D.im2colForward(
      x,
      geometry: g,
      filters: filters,
      activation: activation,
      useBias: useBias,
      in: &layer,
      training: training
    )
  }

  public func backward(_ dz: Tensor, in layer: inout NetworkLayer, needInputGradient: Bool)
    -> Tensor?
  {
    let g = layer.geometry(batch: dz.shape[0], kernel: kernel, stride: strides, padding: padding)
    return Conv2D.im2colBackward(
      dz,
      geometry: g,
      filters: filters,
      useBias: useBias,
      in: &layer,
      needInputGradient: needInputGradient
    )
  }

  /// A convolution as one matrix product: patches (im2col) × kernel `[patch, filters]`.
  ///
  /// Then bias and activation; keeps the patch matrix for the backward pass. Shared by the
  /// 1-D and 2-D convolutions.
  static func im2colForward(
    _ x: Tensor,
    geometry g: Convolution.Geometry,
    filters: Int,
    activation: ActivationFunction,
    useBias: Bool,
    in layer: inout NetworkLayer,
    training: Bool
  ) -> Tensor {
    let outShape = [x.shape[0]] + layer.outputShape
    var col = [Float](repeating: 0, count: g.outputPixels * g.patchLength)
    x.scalars.withUnsafeBufferPointer { px in
      col.withUnsafeMutableBufferPointer {
        Convolution.im2col(px.baseAddress!, geometry: g, into: $0.baseAddress!)
      }
    }
    var out = col.withUnsafeBufferPointer { pcol in
      layer.weights[0].scalars.withUnsafeBufferPointer { pw in
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
    layer.finish(
      &out,
      bias: useBias ? layer.weights[1] : nil,
      activation: activation,
      width: filters,
      training: training
    )
    if training { layer.cache.col = col }
    return out
  }

  /// The gradients of `im2colForward`: kernel from patchesᵀ × dz, bias from column sums,
  /// input from dz × kernelᵀ folded back (col2im).
  static func im2colBackward(
    _ dz: Tensor,
    geometry g: Convolution.Geometry,
    filters: Int,
    useBias: Bool,
    in layer: inout NetworkLayer,
    needInputGradient: Bool
  ) -> Tensor? {
    let inShape = [dz.shape[0]] + layer.inputShape
    let col = layer.cache.col
    col.withUnsafeBufferPointer { pcol in
      dz.scalars.withUnsafeBufferPointer { pd in
        layer.gradients[0].scalars.withUnsafeMutableBufferPointer { pg in
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
    if useBias { layer.columnSums(dz, width: filters, into: 1) }
    guard needInputGradient else { return nil }
    var dcol = [Float](repeating: 0, count: col.count)
    dz.scalars.withUnsafeBufferPointer { pd in
      layer.weights[0].scalars.withUnsafeBufferPointer { pw in
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
  }
}

extension TrainableLayerConfig {
  /// 2-D convolution, NHWC; kernel `[kh, kw, cin, filters]`; params = kh·kw·cin·filters + filters.
  public static func conv2d(
    filters: Int,
    kernel: Window2D,
    stride: Window2D = 1,
    padding: Padding = .valid,
    activation: ActivationFunction = .linear,
    useBias: Bool = true
  ) -> TrainableLayerConfig {
    TrainableLayerConfig(
      Conv2D(
        filters: filters,
        kernel: kernel,
        strides: stride,
        padding: padding,
        activation: activation,
        useBias: useBias
      )
    )
  }
}
