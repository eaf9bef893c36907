import Foundation

/// Forward passes of Keras' recurrent layers (inference and timing only, no backward).
///
/// Input `[batch, time, features]`, weights in Keras order. The input projection for all time
/// steps is one GEMM (`[n·t, in] · kernel`), then each step adds `h · recurrent_kernel`.
/// - SimpleRNN: `hₜ = tanh(xₜW + hₜ₋₁U + b)`; kernel `[in, u]`, recurrent `[u, u]`, bias `[u]`.
/// - LSTM (gates i, f, c, o): `c = f⊙c + i⊙tanh(ĉ)`, `h = o⊙tanh(c)`; kernel `[in, 4u]`,
///   recurrent `[u, 4u]`, bias `[4u]`.
/// - GRU with `reset_after=True` (gates z, r, h): `h̃ = tanh(xW_h + b_h + r⊙(hU_h + b'_h))`,
///   `h = z⊙hₜ₋₁ + (1 − z)⊙h̃`; kernel `[in, 3u]`, recurrent `[u, 3u]`, bias `[2, 3u]`.
public enum RecurrentKernels {
  /// The recurrent cell family.
  public enum Cell: String, Sendable, CaseIterable {
    case simpleRNN
    case lstm
    case gru

    /// Gate blocks per unit: 1, 4 or 3.
    public var gates: Int {
      switch self {
      case .simpleRNN: 1
      case .lstm: 4
      case .gru: 3
      }
    }
  }

  /// Runs a recurrent layer; returns `[batch, time, u]` or the last state `[batch, u]`.
  public static func forward(
    cell: Cell,
    input: Tensor,
    units u: Int,
    kernel: Tensor,
    recurrentKernel: Tensor,
    bias: Tensor,
    returnSequences: Bool
  ) -> Tensor {
    let batch = input.shape[0]
    let time = input.shape[1]
    let features = input.shape[2]
    let g = cell.gates * u
    // Input projection for every step at once, plus the input bias.
    var projected = Gemm.matmul(input.reshaped(to: [batch * time, features]), kernel)
    projected.scalars.withUnsafeMutableBufferPointer { p in
      for r in 0..<(batch * time) {
        for j in 0..<g { p[r * g + j] += bias.scalars[j] }
      }
    }
    var h = [Float](repeating: 0, count: batch * u)
    var c = [Float](repeating: 0, count: batch * u)
    var recurrent = [Float](repeating: 0, count: batch * g)
    var sequence = [Float](repeating: 0, count: returnSequences ? batch * time * u : 0)
    var tanhCell = [Float](repeating: 0, count: cell == .lstm ? u : 0)
    for t in 0..<time {
      h.withUnsafeBufferPointer { ph in
        recurrentKernel.scalars.withUnsafeBufferPointer { pu in
          recurrent.withUnsafeMutableBufferPointer { pr in
            Gemm.multiply(
              m: batch,
              n: g,
              k: u,
              a: ph.baseAddress!,
              aRowStride: u,
              aColumnStride: 1,
              b: pu.baseAddress!,
              bRowStride: g,
              bColumnStride: 1,
              c: pr.baseAddress!,
              ldc: g,
              threads: 1
            )
          }
        }
      }
      for n in 0..<batch {
        let x = (n * time + t) * g
        let r = n * g
        switch cell {
        case .lstm:
          // The gates' pre-activations, then the cell every LSTM of the engine runs.
          for j in 0..<g { recurrent[r + j] += projected.scalars[x + j] }
          recurrent.withUnsafeMutableBufferPointer { pr in
            c.withUnsafeMutableBufferPointer { pc in
              h.withUnsafeMutableBufferPointer { ph in
                tanhCell.withUnsafeMutableBufferPointer { pt in
                  LSTMCell.forward(
                    gates: pr.baseAddress! + r,
                    previousCell: UnsafePointer(pc.baseAddress! + n * u),
                    cell: pc.baseAddress! + n * u,
                    tanhCell: pt.baseAddress!,
                    hidden: ph.baseAddress! + n * u,
                    width: u
                  )
                }
              }
            }
          }
        case .simpleRNN:
          for j in 0..<u { h[n * u + j] = tanh(projected.scalars[x + j] + recurrent[r + j]) }
        case .gru:
          let rb = bias.scalars.count > g ? g : 0  // recurrent bias row of the [2, 3u] bias
          for j in 0..<u {
            let z = ActivationFunction.sigmoid(
              projected.scalars[x + j] + recurrent[r + j] + bias.scalars[rb + j]
            )
            let reset = ActivationFunction.sigmoid(
              projected.scalars[x + u + j] + recurrent[r + u + j] + bias.scalars[rb + u + j]
            )
            let candidate = tanh(
              projected.scalars[x + 2 * u + j]
                + reset * (recurrent[r + 2 * u + j] + bias.scalars[rb + 2 * u + j])
            )
            h[n * u + j] = z * h[n * u + j] + (1 - z) * candidate
          }
        }
        if returnSequences {
          for j in 0..<u { sequence[(n * time + t) * u + j] = h[n * u + j] }
        }
      }
    }
    return returnSequences
      ? Tensor(shape: [batch, time, u], scalars: sequence) : Tensor(shape: [batch, u], scalars: h)
  }
}
