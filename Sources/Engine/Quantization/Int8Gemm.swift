import Dispatch

/// Integer matrix multiply `C = A·B` with int8 inputs and int32 accumulators.
///
/// `A` is `[m, k]` and `B` is `[k, n]`, both row-major Int8; `C` is `[m, n]` Int32 and exact:
/// `C[i, j] = Σ_p A[i, p]·B[p, j]` (no rounding, no saturation while `k < 2^17`). This is
/// ONNX `MatMulInteger` with zero points 0; callers fold zero points in afterwards.
///
/// How it is fast without intrinsics: `B` is packed once into panels of 8 columns with pairs of
/// consecutive `k` interleaved and widened to Int16, and `A` into blocks of 4 rows of Int16
/// pairs. The 4×8 micro-kernel then does, per pair of `k`, a broadcast of each row's pair and a
/// widening multiply of adjacent Int16 lanes summed into Int32 lanes, the shape LLVM lowers to
/// `pmaddwd` (8 multiply-adds per 128-bit instruction). Column panels are split across threads.
public enum Int8Gemm {
  /// Columns per packed panel of `B`.
  public static let panelWidth = 8
  /// Rows per packed block of `A`.
  public static let rowBlock = 4

  /// `B` packed for the micro-kernel; pack a layer's weights once and reuse them.
  public struct PackedMatrix: Sendable {
    /// Rows of the original matrix (the shared dimension `k`).
    public let rows: Int
    /// Columns of the original matrix (`n`).
    public let columns: Int
    /// `k` rounded up to even.
    let paddedRows: Int
    /// Panel-major Int16 storage: `[panel][k / 2][8 columns][2]`.
    let storage: [Int16]

    /// Packs a row-major `[rows, columns]` Int8 matrix.
    public init(_ matrix: [Int8], rows: Int, columns: Int) throws {
      guard matrix.count == rows * columns, rows > 0, columns > 0 else {
        throw CompressionError.shapeMismatch(
          expected: rows * columns,
          actual: matrix.count,
          context: "B of shape [\(rows), \(columns)]"
        )
      }
      self.rows = rows
      self.columns = columns
      let paddedRows = (rows + 1) & ~1
      self.paddedRows = paddedRows
      let panels = (columns + panelWidth - 1) / panelWidth
      var storage = [Int16](repeating: 0, count: panels * paddedRows * panelWidth)
      for panel in 0..<panels {
        let panelBase = panel * paddedRows * panelWidth
        for row in 0..<rows {
          let pairBase = panelBase + (row / 2) * 2 * panelWidth + (row & 1)
          for lane in 0..<panelWidth {
            let column = panel * panelWidth + lane
            guard column < columns else { break }
            storage[pairBase + lane * 2] = Int16(matrix[row * columns + column])
          }
        }
      }
      self.storage = storage
    }

    /// Column sums `Σ_p B[p, j]`, used to fold an input zero point: `Σ (a − z)·b = Σ a·b − z·Σ b`.
    public var columnSums: [Int32] {
      var sums = [Int32](repeating: 0, count: columns)
      let panels = (columns + panelWidth - 1) / panelWidth
      for panel in 0..<panels {
        for pair in 0..<(paddedRows / 2) {
          for lane in 0..<panelWidth where panel * panelWidth + lane < columns {
            let base = (panel * paddedRows / 2 + pair) * 2 * panelWidth + lane * 2
            sums[panel * panelWidth + lane] += Int32(storage[base]) + Int32(storage[base + 1])
          }
        }
      }
      return sums
    }
  }

  /// `C = A·B` for row-major Int8 `A [m, k]` and `B [k, n]`, using up to `threads` threads
  /// (0 means one per active processor, at most 2 for small products).
  public static func multiply(
    _ a: [Int8],
    _ b: [Int8],
    m: Int,
    k: Int,
    n: Int,
    threads: Int = 0
  ) throws -> [Int32] {
    let packed = try PackedMatrix(b, rows: k, columns: n)
    return try multiply(a, packed, m: m, threads: threads)
  }

  /// `C = A·B` with `B` already packed.
  public static func multiply(
    _ a: [Int8],
    _ b: PackedMatrix,
    m: Int,
    threads: Int = 0
  ) throws -> [Int32] {
    guard a.count == m * b.rows else {
      throw CompressionError.shapeMismatch(
        expected: m * b.rows,
        actual: a.count,
        context: "A of shape [\(m), \(b.rows)]"
      )
    }
    var c = [Int32](repeating: 0, count: m * b.columns)
    guard m > 0 else { return c }
    let packedA = packRows(a, m: m, k: b.rows, paddedK: b.paddedRows)
    let panels = (b.columns + panelWidth - 1) / panelWidth
    let work = m * b.rows * b.columns
    var threadCount = threads > 0 ? threads : ProcessorCount.active
    if work < 1 << 18 { threadCount = 1 }
    let workers = max(1, min(threadCount, panels))
    packedA.withUnsafeBufferPointer { aBuffer in
      b.storage.withUnsafeBufferPointer { bBuffer in
        c.withUnsafeMutableBufferPointer { cBuffer in
          let context = KernelContext(
            a: aBuffer.baseAddress!,
            b: bBuffer.baseAddress!,
            c: cBuffer.baseAddress!,
            m: m,
            n: b.columns,
            pairs: b.paddedRows / 2
          )
          if workers == 1 {
            context.run(panels: 0..<panels)
          } else {
            DispatchQueue.concurrentPerform(iterations: workers) { part in
              let lower = panels * part / workers
              let upper = panels * (part + 1) / workers
              context.run(panels: lower..<upper)
            }
          }
        }
      }
    }
    return c
  }

  /// The plain triple loop, for tests and as the definition of the result.
  public static func naiveMultiply(_ a: [Int8], _ b: [Int8], m: Int, k: Int, n: Int) -> [Int32] {
    var c = [Int32](repeating: 0, count: m * n)
    for i in 0..<m {
      for p in 0..<k {
        let value = Int32(a[i * k + p])
        for j in 0..<n { c[i * n + j] &+= value &* Int32(b[p * n + j]) }
      }
    }
    return c
  }

  /// Packs `A` into `[m/4][k/2][4 rows]` Int32 words, each holding the Int16 pair
  /// `(A[i, 2p], A[i, 2p+1])` (low half first), zero-padded to 4 rows and even `k`.
  static func packRows(_ a: [Int8], m: Int, k: Int, paddedK: Int) -> [UInt32] {
    let blocks = (m + rowBlock - 1) / rowBlock
    let pairs = paddedK / 2
    var packed = [UInt32](repeating: 0, count: blocks * pairs * rowBlock)
    a.withUnsafeBufferPointer { source in
      packed.withUnsafeMutableBufferPointer { target in
        for row in 0..<m {
          let block = row / rowBlock
          let lane = row % rowBlock
          let rowBase = row * k
          for pair in 0..<pairs {
            let p = pair * 2
            let low = UInt16(bitPattern: Int16(source[rowBase + p]))
            let high: UInt16 = p + 1 < k ? UInt16(bitPattern: Int16(source[rowBase + p + 1])) : 0
            target[(block * pairs + pair) * rowBlock + lane] = UInt32(low) | UInt32(high) << 16
          }
        }
      }
    }
    return packed
  }
}

/// Pointers and sizes shared by the worker threads; each thread writes disjoint columns of C.
private struct KernelContext: @unchecked Sendable {
  let a: UnsafePointer<UInt32>
  let b: UnsafePointer<Int16>
  let c: UnsafeMutablePointer<Int32>
  let m: Int
  let n: Int
  let pairs: Int

  @inline(__always)
  func store(
    _ low: SIMD4<Int32>,
    _ high: SIMD4<Int32>,
    row: Int,
    columnBase: Int,
    validColumns: Int
  ) {
    guard row < m else { return }
    let target = c + row * n + columnBase
    if validColumns == Int8Gemm.panelWidth {
      UnsafeMutableRawPointer(target).storeBytes(of: low, as: SIMD4<Int32>.self)
      UnsafeMutableRawPointer(target + 4).storeBytes(of: high, as: SIMD4<Int32>.self)
    } else {
      for column in 0..<validColumns {
        target[column] = column < 4 ? low[column] : high[column - 4]
      }
    }
  }

  func run(panels: Range<Int>) {
    let width = Int8Gemm.panelWidth
    let blocks = (m + Int8Gemm.rowBlock - 1) / Int8Gemm.rowBlock
    let bRaw = UnsafeRawPointer(b)
    let aRaw = UnsafeRawPointer(a)
    for panel in panels {
      let bPanel = bRaw + panel * pairs * width * 2 * 2
      let columnBase = panel * width
      let validColumns = min(width, n - columnBase)
      for block in 0..<blocks {
        let aBlock = aRaw + block * pairs * Int8Gemm.rowBlock * 4
        var c00 = SIMD4<Int32>()
        var c01 = SIMD4<Int32>()
        var c10 = SIMD4<Int32>()
        var c11 = SIMD4<Int32>()
        var c20 = SIMD4<Int32>()
        var c21 = SIMD4<Int32>()
        var c30 = SIMD4<Int32>()
        var c31 = SIMD4<Int32>()
        for pair in 0..<pairs {
          let b0 = bPanel.loadUnaligned(fromByteOffset: pair * 32, as: SIMD8<Int16>.self)
          let b1 = bPanel.loadUnaligned(fromByteOffset: pair * 32 + 16, as: SIMD8<Int16>.self)
          let rows = aBlock.loadUnaligned(fromByteOffset: pair * 16, as: SIMD4<UInt32>.self)
          let a0 = broadcast(rows[0])
          let a1 = broadcast(rows[1])
          let a2 = broadcast(rows[2])
          let a3 = broadcast(rows[3])
          c00 &+= multiplyAddPairs(a0, b0)
          c01 &+= multiplyAddPairs(a0, b1)
          c10 &+= multiplyAddPairs(a1, b0)
          c11 &+= multiplyAddPairs(a1, b1)
          c20 &+= multiplyAddPairs(a2, b0)
          c21 &+= multiplyAddPairs(a2, b1)
          c30 &+= multiplyAddPairs(a3, b0)
          c31 &+= multiplyAddPairs(a3, b1)
        }
        let row0 = block * Int8Gemm.rowBlock
        store(c00, c01, row: row0, columnBase: columnBase, validColumns: validColumns)
        store(c10, c11, row: row0 + 1, columnBase: columnBase, validColumns: validColumns)
        store(c20, c21, row: row0 + 2, columnBase: columnBase, validColumns: validColumns)
        store(c30, c31, row: row0 + 3, columnBase: columnBase, validColumns: validColumns)
      }
    }
  }
}

/// Repeats one packed Int16 pair across all eight Int16 lanes.
@inline(__always)
private func broadcast(_ pair: UInt32) -> SIMD8<Int16> {
  unsafeBitCast(SIMD4<UInt32>(repeating: pair), to: SIMD8<Int16>.self)
}

/// `r[i] = a[2i]·b[2i] + a[2i+1]·b[2i+1]` in Int32 (the `pmaddwd` pattern).
@inline(__always)
private func multiplyAddPairs(_ a: SIMD8<Int16>, _ b: SIMD8<Int16>) -> SIMD4<Int32> {
  let product = SIMD8<Int32>(truncatingIfNeeded: a) &* SIMD8<Int32>(truncatingIfNeeded: b)
  return product.evenHalf &+ product.oddHalf
}
