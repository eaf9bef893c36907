/// Pooling kernels on channels-last (NHWC) tensors.
///
/// Max pooling remembers the winning input index of each output for the backward pass.
/// Average pooling divides by the number of window positions inside the image (padding is not
/// counted, as TensorFlow/Keras do with `padding="same"`).
public enum Pooling {
  /// Max pooling, recording in `argmax[o]` the input index chosen for output `o`.
  ///
  /// The first maximum in window order wins. Channels are the inner loop so the comparisons vectorise.
  public static func maxForward(
    _ input: UnsafePointer<Float>,
    geometry g: Convolution.Geometry,
    into output: UnsafeMutablePointer<Float>,
    argmax: UnsafeMutablePointer<Int32>
  ) {
    let c = g.channels
    window(g) { n, oy, ox, y0, y1, x0, x1 in
      let o = ((n * g.outputHeight + oy) * g.outputWidth + ox) * c
      let out = output + o
      let best = argmax + o
      if y0 >= y1 || x0 >= x1 {
        out.update(repeating: 0, count: c)
        best.update(repeating: -1, count: c)
        return
      }
      var first = true
      for y in y0..<y1 {
        for x in x0..<x1 {
          let base = ((n * g.height + y) * g.width + x) * c
          let pixel = input + base
          if first {
            out.update(from: pixel, count: c)
            for ci in 0..<c { best[ci] = Int32(base + ci) }
            first = false
          } else {
            for ci in 0..<c where pixel[ci] > out[ci] {
              out[ci] = pixel[ci]
              best[ci] = Int32(base + ci)
            }
          }
        }
      }
    }
  }

  /// Routes each output gradient to the input that won the max (gradInput zeroed here).
  public static func maxBackward(
    gradOutput: UnsafePointer<Float>,
    argmax: UnsafePointer<Int32>,
    outputCount: Int,
    gradInput: UnsafeMutablePointer<Float>,
    inputCount: Int
  ) {
    gradInput.update(repeating: 0, count: inputCount)
    for o in 0..<outputCount where argmax[o] >= 0 {
      gradInput[Int(argmax[o])] += gradOutput[o]
    }
  }

  /// Average pooling (padding excluded from the divisor).
  public static func averageForward(
    _ input: UnsafePointer<Float>,
    geometry g: Convolution.Geometry,
    into output: UnsafeMutablePointer<Float>
  ) {
    window(g) { n, oy, ox, y0, y1, x0, x1 in
      let c = g.channels
      let out = output + ((n * g.outputHeight + oy) * g.outputWidth + ox) * c
      out.update(repeating: 0, count: c)
      let scale = 1 / Float(max((y1 - y0) * (x1 - x0), 1))
      for y in y0..<y1 {
        for x in x0..<x1 {
          let pixel = input + ((n * g.height + y) * g.width + x) * c
          for ci in 0..<c { out[ci] += pixel[ci] }
        }
      }
      for ci in 0..<c { out[ci] *= scale }
    }
  }

  /// Spreads each output gradient evenly over its window (gradInput zeroed here).
  public static func averageBackward(
    gradOutput: UnsafePointer<Float>,
    geometry g: Convolution.Geometry,
    gradInput: UnsafeMutablePointer<Float>
  ) {
    gradInput.update(repeating: 0, count: g.batch * g.height * g.width * g.channels)
    window(g) { n, oy, ox, y0, y1, x0, x1 in
      let c = g.channels
      let dOut = gradOutput + ((n * g.outputHeight + oy) * g.outputWidth + ox) * c
      let scale = 1 / Float(max((y1 - y0) * (x1 - x0), 1))
      for y in y0..<y1 {
        for x in x0..<x1 {
          let pixel = gradInput + ((n * g.height + y) * g.width + x) * c
          for ci in 0..<c { pixel[ci] += dOut[ci] * scale }
        }
      }
    }
  }

  /// Global average (`max == false`) or max pooling: `[n, h, w, c] → [n, c]`.
  public static func globalForward(
    _ input: UnsafePointer<Float>,
    batch: Int,
    pixels: Int,
    channels c: Int,
    max isMax: Bool,
    into output: UnsafeMutablePointer<Float>,
    argmax: UnsafeMutablePointer<Int32>?
  ) {
    for n in 0..<batch {
      let out = output + n * c
      for ci in 0..<c {
        var acc: Float = isMax ? -Float.infinity : 0
        var best = 0
        for p in 0..<pixels {
          let index = (n * pixels + p) * c + ci
          if isMax {
            if input[index] > acc || p == 0 {
              acc = input[index]
              best = index
            }
          } else {
            acc += input[index]
          }
        }
        out[ci] = isMax ? acc : acc / Float(pixels)
        argmax?[n * c + ci] = Int32(best)
      }
    }
  }

  /// Backward of `globalForward` (gradInput zeroed here).
  public static func globalBackward(
    gradOutput: UnsafePointer<Float>,
    batch: Int,
    pixels: Int,
    channels c: Int,
    max isMax: Bool,
    argmax: UnsafePointer<Int32>?,
    gradInput: UnsafeMutablePointer<Float>
  ) {
    gradInput.update(repeating: 0, count: batch * pixels * c)
    if isMax, let argmax {
      for o in 0..<(batch * c) { gradInput[Int(argmax[o])] += gradOutput[o] }
      return
    }
    let scale = 1 / Float(pixels)
    for n in 0..<batch {
      for p in 0..<pixels {
        let row = gradInput + (n * pixels + p) * c
        for ci in 0..<c { row[ci] = gradOutput[n * c + ci] * scale }
      }
    }
  }

  /// Calls `body(n, oy, ox, y0, y1, x0, x1)` with each window's clipped input bounds.
  @inline(__always)
  static func window(
    _ g: Convolution.Geometry,
    _ body: (Int, Int, Int, Int, Int, Int, Int) -> Void
  ) {
    for n in 0..<g.batch {
      for oy in 0..<g.outputHeight {
        let top = oy * g.strideY - g.padTop
        let y0 = max(top, 0)
        let y1 = min(top + g.kernelHeight, g.height)
        for ox in 0..<g.outputWidth {
          let left = ox * g.strideX - g.padLeft
          let x0 = max(left, 0)
          let x1 = min(left + g.kernelWidth, g.width)
          body(n, oy, ox, y0, y1, x0, x1)
        }
      }
    }
  }
}
