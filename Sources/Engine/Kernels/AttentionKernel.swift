import Foundation

/// Multi-head self-attention forward pass (inference and timing only), Keras weight layout.
///
/// For input `X[b, t, d]`: `Q = XW_q + b_q`, `K = XW_k + b_k`, `V = XW_v + b_v` with kernels
/// `[d, heads, keyDim]`; per head `A = softmax(QKᵀ/√keyDim)`, `O = AV`; output
/// `Y = O·W_o + b_o` with `W_o [heads, keyDim, d]`.
/// Cost: `2·b·t·d·3·h·k + 2·2·b·h·t²·k + 2·b·t·h·k·d` FLOPs.
public enum AttentionKernel {
  /// Runs self-attention; `weights` are `[queryKernel, queryBias, keyKernel, keyBias,
  /// valueKernel, valueBias, outputKernel, outputBias]`.
  public static func selfAttention(
    _ input: Tensor,
    heads: Int,
    keyDim: Int,
    weights: [Tensor]
  ) -> Tensor {
    let batch = input.shape[0]
    let time = input.shape[1]
    let model = input.shape[2]
    let hk = heads * keyDim
    let rows = input.reshaped(to: [batch * time, model])
    func project(_ kernel: Tensor, _ bias: Tensor) -> Tensor {
      var out = Gemm.matmul(rows, kernel.reshaped(to: [kernel.shape[0], hk]))
      for r in 0..<(batch * time) {
        for j in 0..<hk { out.scalars[r * hk + j] += bias.scalars[j] }
      }
      return out
    }
    let q = project(weights[0], weights[1])
    let k = project(weights[2], weights[3])
    let v = project(weights[4], weights[5])
    var context = [Float](repeating: 0, count: batch * time * hk)
    var scores = [Float](repeating: 0, count: time * time)
    let scale = 1 / Float(keyDim).squareRoot()
    q.scalars.withUnsafeBufferPointer { pq in
      k.scalars.withUnsafeBufferPointer { pk in
        v.scalars.withUnsafeBufferPointer { pv in
          context.withUnsafeMutableBufferPointer { pc in
            scores.withUnsafeMutableBufferPointer { ps in
              for b in 0..<batch {
                for h in 0..<heads {
                  let offset = b * time * hk + h * keyDim
                  Gemm.multiply(
                    m: time,
                    n: time,
                    k: keyDim,
                    a: pq.baseAddress! + offset,
                    aRowStride: hk,
                    aColumnStride: 1,
                    b: pk.baseAddress! + offset,
                    bRowStride: 1,
                    bColumnStride: hk,
                    c: ps.baseAddress!,
                    ldc: time,
                    threads: 1
                  )
                  for i in 0..<(time * time) { ps[i] *= scale }
                  ActivationFunction.softmaxRows(ps.baseAddress!, rows: time, length: time)
                  Gemm.multiply(
                    m: time,
                    n: keyDim,
                    k: time,
                    a: ps.baseAddress!,
                    aRowStride: time,
                    aColumnStride: 1,
                    b: pv.baseAddress! + offset,
                    bRowStride: hk,
                    bColumnStride: 1,
                    c: pc.baseAddress! + offset,
                    ldc: hk,
                    threads: 1
                  )
                }
              }
            }
          }
        }
      }
    }
    var out = Gemm.matmul(
      Tensor(shape: [batch * time, hk], scalars: context),
      weights[6].reshaped(to: [hk, model])
    )
    for r in 0..<(batch * time) {
      for j in 0..<model { out.scalars[r * model + j] += weights[7].scalars[j] }
    }
    return out.reshaped(to: [batch, time, model])
  }
}
