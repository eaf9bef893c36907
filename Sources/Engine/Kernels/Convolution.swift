/// Convolution kernels on channels-last (NHWC) tensors: im2col + GEMM, and depthwise.
///
/// A standard convolution with kernel `[kh, kw, cin, cout]` (Keras order) is one GEMM:
/// `col[n·oh·ow, kh·kw·cin] · kernel[kh·kw·cin, cout] = out[n·oh·ow, cout]`, where each row of
/// `col` holds the input patch under one output pixel (zeros where the window leaves the image).
/// Cost: `2 · n·oh·ow · kh·kw·cin · cout` FLOPs.
public enum Convolution {
  /// The sizes of one 2-D window operation (convolution or pooling) on an NHWC batch.
  public struct Geometry: Sendable, Equatable {
    public var batch: Int
    public var height: Int
    public var width: Int
    public var channels: Int
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var strideY: Int
    public var strideX: Int
    public var padTop: Int
    public var padLeft: Int
    public var outputHeight: Int
    public var outputWidth: Int

    /// Computes output sizes and padding from Keras' rules (see `Padding`).
    public init(
      batch: Int,
      height: Int,
      width: Int,
      channels: Int,
      kernel: (Int, Int),
      stride: (Int, Int),
      padding: Padding
    ) {
      self.batch = batch
      self.height = height
      self.width = width
      self.channels = channels
      kernelHeight = kernel.0
      kernelWidth = kernel.1
      strideY = stride.0
      strideX = stride.1
      let rows = padding.outputLength(input: height, kernel: kernel.0, stride: stride.0)
      let cols = padding.outputLength(input: width, kernel: kernel.1, stride: stride.1)
      outputHeight = rows.length
      outputWidth = cols.length
      padTop = rows.padBefore
      padLeft = cols.padBefore
    }

    /// Output pixels over the whole batch: `n · oh · ow`.
    public var outputPixels: Int { batch * outputHeight * outputWidth }
    /// Length of one im2col row: `kh · kw · cin`.
    public var patchLength: Int { kernelHeight * kernelWidth * channels }
  }

  /// Writes the im2col matrix `[n·oh·ow, kh·kw·cin]` of `input` into `col`.
  public static func im2col(
    _ input: UnsafePointer<Float>,
    geometry g: Geometry,
    into col: UnsafeMutablePointer<Float>
  ) {
    let c = g.channels
    var row = col
    for n in 0..<g.batch {
      let image = input + n * g.height * g.width * c
      for oy in 0..<g.outputHeight {
        for ox in 0..<g.outputWidth {
          var destination = row
          for ky in 0..<g.kernelHeight {
            let y = oy * g.strideY + ky - g.padTop
            for kx in 0..<g.kernelWidth {
              let x = ox * g.strideX + kx - g.padLeft
              if y >= 0 && y < g.height && x >= 0 && x < g.width {
                destination.update(from: image + (y * g.width + x) * c, count: c)
              } else {
                destination.update(repeating: 0, count: c)
              }
              destination += c
            }
          }
          row += g.patchLength
        }
      }
    }
  }

  /// Adds each im2col row back onto the input positions it was read from (the adjoint of
  /// `im2col`); `gradInput` must be zeroed by the caller.
  public static func col2im(
    _ col: UnsafePointer<Float>,
    geometry g: Geometry,
    into gradInput: UnsafeMutablePointer<Float>
  ) {
    let c = g.channels
    var row = col
    for n in 0..<g.batch {
      let image = gradInput + n * g.height * g.width * c
      for oy in 0..<g.outputHeight {
        for ox in 0..<g.outputWidth {
          var source = row
          for ky in 0..<g.kernelHeight {
            let y = oy * g.strideY + ky - g.padTop
            for kx in 0..<g.kernelWidth {
              let x = ox * g.strideX + kx - g.padLeft
              if y >= 0 && y < g.height && x >= 0 && x < g.width {
                let target = image + (y * g.width + x) * c
                for ci in 0..<c { target[ci] += source[ci] }
              }
              source += c
            }
          }
          row += g.patchLength
        }
      }
    }
  }

  /// Depthwise convolution, kernel `[kh, kw, cin, multiplier]`.
  ///
  /// Each input channel `ci` is convolved with its own `multiplier` filters, giving output
  /// channel `ci·multiplier + m`. Cost: `2 · n·oh·ow · kh·kw · cin·multiplier` FLOPs.
  public static func depthwiseForward(
    _ input: UnsafePointer<Float>,
    kernel: UnsafePointer<Float>,
    multiplier: Int,
    geometry g: Geometry,
    into output: UnsafeMutablePointer<Float>
  ) {
    let c = g.channels
    let outC = c * multiplier
    output.update(repeating: 0, count: g.outputPixels * outC)
    for n in 0..<g.batch {
      let image = input + n * g.height * g.width * c
      for oy in 0..<g.outputHeight {
        for ox in 0..<g.outputWidth {
          let out = output + ((n * g.outputHeight + oy) * g.outputWidth + ox) * outC
          for ky in 0..<g.kernelHeight {
            let y = oy * g.strideY + ky - g.padTop
            if y < 0 || y >= g.height { continue }
            for kx in 0..<g.kernelWidth {
              let x = ox * g.strideX + kx - g.padLeft
              if x < 0 || x >= g.width { continue }
              let pixel = image + (y * g.width + x) * c
              let taps = kernel + (ky * g.kernelWidth + kx) * outC
              for ci in 0..<c {
                let v = pixel[ci]
                for m in 0..<multiplier {
                  out[ci * multiplier + m] += v * taps[ci * multiplier + m]
                }
              }
            }
          }
        }
      }
    }
  }

  /// Gradients of `depthwiseForward`: writes ∂L/∂input (zeroed here) and adds ∂L/∂kernel.
  public static func depthwiseBackward(
    _ input: UnsafePointer<Float>,
    kernel: UnsafePointer<Float>,
    multiplier: Int,
    geometry g: Geometry,
    gradOutput: UnsafePointer<Float>,
    gradInput: UnsafeMutablePointer<Float>,
    gradKernel: UnsafeMutablePointer<Float>
  ) {
    let c = g.channels
    let outC = c * multiplier
    gradInput.update(repeating: 0, count: g.batch * g.height * g.width * c)
    for n in 0..<g.batch {
      let image = input + n * g.height * g.width * c
      let gradImage = gradInput + n * g.height * g.width * c
      for oy in 0..<g.outputHeight {
        for ox in 0..<g.outputWidth {
          let dOut = gradOutput + ((n * g.outputHeight + oy) * g.outputWidth + ox) * outC
          for ky in 0..<g.kernelHeight {
            let y = oy * g.strideY + ky - g.padTop
            if y < 0 || y >= g.height { continue }
            for kx in 0..<g.kernelWidth {
              let x = ox * g.strideX + kx - g.padLeft
              if x < 0 || x >= g.width { continue }
              let offset = (y * g.width + x) * c
              let tap = (ky * g.kernelWidth + kx) * outC
              for ci in 0..<c {
                var sum: Float = 0
                let v = image[offset + ci]
                for m in 0..<multiplier {
                  let d = dOut[ci * multiplier + m]
                  sum += d * kernel[tap + ci * multiplier + m]
                  gradKernel[tap + ci * multiplier + m] += d * v
                }
                gradImage[offset + ci] += sum
              }
            }
          }
        }
      }
    }
  }
}
