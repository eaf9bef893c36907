import AVX512Kernels

#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// Integer matrix multiply `C = A·B` with int8 inputs and int32 accumulators.
///
/// `A` is `[m, k]` and `B` is `[k, n]`, both row-major Int8; `C` is `[m, n]` Int32 and exact:
/// `C[i, j] = Σ_p A[i, p]·B[p, j]` (no rounding, no saturation while `k < 2^17`). This is
/// ONNX `MatMulInteger` with zero points 0; callers fold zero points in afterwards.
///
/// Both kernels compute 6×16 tiles of C from `B` packed once into panels of 16 columns:
/// - `.dotProduct` (AVX-512 VNNI, `vpdpbusd`): four `k` at a time, 32 multiply-adds per
///   instruction. It needs unsigned `A`, so `A + 128` goes in and `128·Σ_p B[p, j]` comes off.
/// - `.pairs` (AVX2, `vpmaddwd`): two `k` at a time, widened to Int16, 16 multiply-adds per
///   instruction plus an add; the portable fallback has the same layout.
/// Column panels are split across threads; each C element is one exact integer sum, so every
/// kernel and thread count gives the same result.
public enum Int8Gemm {
  /// Which instruction sequence multiplies.
  public enum Kernel: String, Sendable, CaseIterable {
    /// AVX-512 VNNI `vpdpbusd`: four products summed into Int32 per lane.
    case dotProduct = "vnni"
    /// `vpmaddwd` on Int16 pairs (AVX2), or the same arithmetic in portable SIMD.
    case pairs

    /// The fastest kernel this machine runs.
    public static let best: Kernel = MachineInfo.current().hasInt8DotProduct ? .dotProduct : .pairs

    /// The instruction sequence, for the learner.
    public var summary: String {
      switch self {
      case .dotProduct: return "AVX-512 VNNI vpdpbusd (4 int8 products per Int32 lane)"
      case .pairs:
        #if arch(x86_64)
        return "AVX2 vpmaddwd on Int16 pairs (2 products per Int32 lane)"
        #else
        return "portable SIMD on Int16 pairs (2 products per Int32 lane)"
        #endif
      }
    }

    /// How many `k` one packed step holds.
    var depthStep: Int { self == .dotProduct ? 4 : 2 }
  }

  /// Columns per packed panel of `B`.
  public static let panelWidth = 16
  /// Rows per micro-tile of `A`.
  public static let rowBlock = 6
  /// Products with fewer multiply-adds than this run on one thread (about 20 µs of work with
  /// either kernel).
  static func parallelThreshold(_ kernel: Kernel) -> Int {
    kernel == .dotProduct ? 1 << 22 : 1 << 20
  }

  /// `B` packed for one kernel; pack a layer's weights once and reuse them.
  public struct PackedMatrix: Sendable {
    /// Rows of the original matrix (the shared dimension `k`).
    public let rows: Int
    /// Columns of the original matrix (`n`).
    public let columns: Int
    /// The kernel the layout is for.
    public let kernel: Kernel
    /// Column sums `Σ_p B[p, j]`, used to fold a zero point: `Σ (a − z)·b = Σ a·b − z·Σ b`.
    public let columnSums: [Int32]
    /// What to add to column `j` of a product that kept the kernel's offset on `A`.
    ///
    /// `−128·Σ_p B[p, j]` for `.dotProduct`, which multiplies `A + 128`; 0 for `.pairs`.
    /// Layers fold it into their bias correction and skip a pass over `C`.
    var offsetCorrection: [Int32] {
      kernel == .dotProduct ? columnSums.map { 0 &- 128 &* $0 } : columnSums.map { _ in 0 }
    }
    /// `k` rounded up to the kernel's step.
    let paddedRows: Int
    /// Panel-major bytes: per panel, per step, 16 columns of `depthStep` values (Int8 for
    /// `.dotProduct`, Int16 for `.pairs`).
    let storage: [UInt8]

    /// Packs a row-major `[rows, columns]` Int8 matrix for `kernel`.
    public init(_ matrix: [Int8], rows: Int, columns: Int, kernel: Kernel = .best) throws {
      guard matrix.count == rows * columns, rows > 0, columns > 0 else {
        throw CompressionError.shapeMismatch(
          expected: rows * columns,
          actual: matrix.count,
          context: "B of shape [\(rows), \(columns)]"
        )
      }
      self.rows = rows
      self.columns = columns
      self.kernel = kernel
      let step = kernel.depthStep
      let paddedRows = (rows + step - 1) / step * step
      self.paddedRows = paddedRows
      let panels = (columns + panelWidth - 1) / panelWidth
      let elementSize = kernel == .dotProduct ? 1 : 2
      var storage = [UInt8](repeating: 0, count: panels * paddedRows * panelWidth * elementSize)
      var sums = [Int32](repeating: 0, count: columns)
      storage.withUnsafeMutableBytes { raw in
        for row in 0..<rows {
          let (stepIndex, offset) = row.quotientAndRemainder(dividingBy: step)
          for column in 0..<columns {
            let value = matrix[row * columns + column]
            sums[column] += Int32(value)
            let (panel, lane) = column.quotientAndRemainder(dividingBy: panelWidth)
            let index =
              ((panel * (paddedRows / step) + stepIndex) * panelWidth + lane) * step + offset
            if kernel == .dotProduct {
              raw.storeBytes(of: value, toByteOffset: index, as: Int8.self)
            } else {
              raw.storeBytes(of: Int16(value), toByteOffset: 2 * index, as: Int16.self)
            }
          }
        }
      }
      self.storage = storage
      self.columnSums = sums
    }
  }

  /// `C = A·B` for row-major Int8 `A [m, k]` and `B [k, n]`, using up to `threads` threads
  /// (0 means one per active processor for large products).
  public static func multiply(
    _ a: [Int8],
    _ b: [Int8],
    m: Int,
    k: Int,
    n: Int,
    threads: Int = 0,
    kernel: Kernel = .best
  ) throws -> [Int32] {
    let packed = try PackedMatrix(b, rows: k, columns: n, kernel: kernel)
    return try multiply(a, packed, m: m, threads: threads)
  }

  /// `C = A·B` with `B` already packed.
  public static func multiply(
    _ a: [Int8],
    _ b: PackedMatrix,
    m: Int,
    threads: Int = 0
  ) throws -> [Int32] {
    var c = try multiplyKeepingOffset(a, b, m: m, threads: threads)
    if b.kernel == .dotProduct {
      // A went in as A + 128.
      let n = b.columns
      c.withUnsafeMutableBufferPointer { cBuffer in
        b.offsetCorrection.withUnsafeBufferPointer { offsets in
          for row in 0..<m {
            let target = cBuffer.baseAddress! + row * n
            for column in 0..<n { target[column] &+= offsets[column] }
          }
        }
      }
    }
    return c
  }

  /// `A·B` before the kernel's offset is removed: add `b.offsetCorrection[j]` to column `j`.
  static func multiplyKeepingOffset(
    _ a: [Int8],
    _ b: PackedMatrix,
    m: Int,
    threads: Int = 0
  ) throws -> [Int32] {
    try a.withUnsafeBufferPointer { source in
      try product(of: source, b, m: m, threads: threads) { $0 }
    }
  }

  /// Checks `A`'s size, packs it (`value` gives each element's Int8) and multiplies.
  @inline(__always)
  private static func product<Element>(
    of a: UnsafeBufferPointer<Element>,
    _ b: PackedMatrix,
    m: Int,
    threads: Int,
    value: (Element) -> Int8
  ) throws -> [Int32] {
    guard a.count == m * b.rows else {
      throw CompressionError.shapeMismatch(
        expected: m * b.rows,
        actual: a.count,
        context: "A of shape [\(m), \(b.rows)]"
      )
    }
    let packedA = packRows(
      a,
      m: m,
      k: b.rows,
      paddedK: b.paddedRows,
      kernel: b.kernel,
      value: value
    )
    return product(packedA, b, m: m, threads: threads)
  }

  /// The tiles of `A·B` from packed `A`, split over threads by column panels.
  static func product(_ packedA: [UInt32], _ b: PackedMatrix, m: Int, threads: Int) -> [Int32] {
    guard m > 0 else { return [Int32](repeating: 0, count: 0) }
    // Every element is written by a tile (full tiles in place, edges through scratch).
    return [Int32](unsafeUninitializedCapacity: m * b.columns) { cBuffer, initialized in
      runTiles(packedA, b, m: m, threads: threads, c: cBuffer.baseAddress!, requantize: nil)
      initialized = m * b.columns
    }
  }

  /// `A·B` from packed `A`, requantized and written as the next integer layer's packed `A`.
  ///
  /// Each tile is requantized as soon as it is computed and stored in the layout of `packRows`
  /// for `requantize.kernel` (depth `b.columns`), so no Int32 product and no separate packing
  /// pass exist. The codes are the ones `Requantization.apply` (float mode) gives for the
  /// same accumulators.
  static func productPackedForNextLayer(
    _ packedA: [UInt32],
    _ b: PackedMatrix,
    m: Int,
    threads: Int,
    requantize: PackedRequantization
  ) -> [UInt32] {
    let count = packedWordCount(m: m, k: b.columns, kernel: requantize.kernel)
    // Zeroed: the rows of the last tile past `m` and the columns past `n` are padding.
    var output = [UInt32](repeating: 0, count: count)
    guard m > 0 else { return output }
    output.withUnsafeMutableBufferPointer { target in
      requantize.requantization.multipliers.withUnsafeBufferPointer { multipliers in
        requantize.correction.withUnsafeBufferPointer { correction in
          let epilogue = TileEpilogue(
            output: target.baseAddress!,
            steps: count / (((m + rowBlock - 1) / rowBlock) * rowBlock),
            multipliers: multipliers.baseAddress!,
            correction: correction.baseAddress!,
            requantize: requantize
          )
          // `c` is not written when there is an epilogue.
          var unused: Int32 = 0
          runTiles(packedA, b, m: m, threads: threads, c: &unused, requantize: epilogue)
        }
      }
    }
    return output
  }

  /// Words of `A [m, k]` packed by `packRows` for `kernel`.
  static func packedWordCount(m: Int, k: Int, kernel: Kernel) -> Int {
    let step = kernel.depthStep
    return (m + rowBlock - 1) / rowBlock * ((k + step - 1) / step) * rowBlock
  }

  /// Runs every tile of `A·B` over up to `threads` workers (column panels split between
  /// them), writing C or, with `requantize`, the next layer's packed operand.
  private static func runTiles(
    _ packedA: [UInt32],
    _ b: PackedMatrix,
    m: Int,
    threads: Int,
    c: UnsafeMutablePointer<Int32>,
    requantize: TileEpilogue?
  ) {
    let n = b.columns
    let panels = (n + panelWidth - 1) / panelWidth
    let requested = threads > 0 ? threads : ProcessorCount.active
    let small = threads <= 0 && m * b.rows * n < parallelThreshold(b.kernel)
    let workers = small ? 1 : max(1, min(requested, panels))
    packedA.withUnsafeBufferPointer { aBuffer in
      b.storage.withUnsafeBytes { bBuffer in
        let tiles = TileRunner(
          a: aBuffer.baseAddress!,
          b: bBuffer.baseAddress!,
          c: c,
          m: m,
          n: n,
          steps: b.paddedRows / b.kernel.depthStep,
          kernel: b.kernel,
          epilogue: requantize
        )
        if workers == 1 {
          tiles.run(panels: 0..<panels)
        } else {
          WorkerPool.shared.run(parts: workers) { part in
            tiles.run(panels: (panels * part / workers)..<(panels * (part + 1) / workers))
          }
        }
      }
    }
  }

  /// What `productPackedForNextLayer` needs to turn accumulators into the next layer's
  /// operand: the layer's requantization (float mode), the per-column corrections
  /// `Requantization.apply` takes, and the next layer's kernel and Int8 shift.
  struct PackedRequantization: Sendable {
    /// The accumulator-to-code step (one multiplier per column, or one for all).
    let requantization: Requantization
    /// Added to each accumulator of column `j` first.
    let correction: [Int32]
    /// The kernel of the layer that reads the output.
    let kernel: Kernel
    /// Subtracted from a code to give the next layer's Int8 `A` (128 for uint8 codes).
    let shift: Int32
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

  /// Packs `A` into `[tiles of 6 rows][k / step][6]` UInt32 words, zero-padded.
  ///
  /// Each word holds a row's `step` consecutive values, as Int16 pairs (`.pairs`) or as
  /// `A + 128` bytes; `value` turns a source element into its Int8 value of `A`.
  @inline(__always)
  static func packRows<Element>(
    _ source: UnsafeBufferPointer<Element>,
    m: Int,
    k: Int,
    paddedK: Int,
    kernel: Kernel,
    value: (Element) -> Int8
  ) -> [UInt32] {
    packRows(m: m, k: k, paddedK: paddedK, kernel: kernel) { row, values in
      let from = source.baseAddress! + row * k
      for p in 0..<k { values[p] = value(from[p]) }
    }
  }

  /// Packs `A` as above, `fill(row, values)` writing row `row`'s `k` Int8 values of `A`
  /// into `values` (a buffer of `paddedK`, zero past `k`).
  @inline(__always)
  static func packRows(
    m: Int,
    k: Int,
    paddedK: Int,
    kernel: Kernel,
    fill: (Int, UnsafeMutablePointer<Int8>) -> Void
  ) -> [UInt32] {
    let tiles = (m + rowBlock - 1) / rowBlock
    let step = kernel.depthStep
    let steps = paddedK / step
    var packed = [UInt32](repeating: 0, count: tiles * steps * rowBlock)
    // A row's values, four (`A + 128` bytes) or two (Int16) to a little-endian word, are its
    // words: convert the row in one vectorizable loop, then copy the words to their strided
    // places.
    withUnsafeTemporaryAllocation(of: Int8.self, capacity: paddedK) { values in
      withUnsafeTemporaryAllocation(of: UInt32.self, capacity: steps) { rowWords in
        values.initialize(repeating: 0)
        let bytes = UnsafeMutableRawPointer(rowWords.baseAddress!)
        packed.withUnsafeMutableBufferPointer { target in
          for row in 0..<m {
            let (tile, lane) = row.quotientAndRemainder(dividingBy: rowBlock)
            fill(row, values.baseAddress!)
            if kernel == .dotProduct {
              for p in 0..<paddedK {
                bytes.storeBytes(
                  of: UInt8(bitPattern: values[p]) ^ 0x80,
                  toByteOffset: p,
                  as: UInt8.self
                )
              }
            } else {
              for p in 0..<paddedK {
                bytes.storeBytes(of: Int16(values[p]), toByteOffset: 2 * p, as: Int16.self)
              }
            }
            let to = target.baseAddress! + tile * steps * rowBlock + lane
            for s in 0..<steps { to[s * rowBlock] = UInt32(littleEndian: rowWords[s]) }
          }
        }
      }
    }
    return packed
  }
}

/// Where and how `TileRunner` writes requantized tiles as the next layer's packed operand.
private struct TileEpilogue {
  /// The packed words (`packRows`' layout).
  let output: UnsafeMutablePointer<UInt32>
  /// Words per row tile of the output, divided by `rowBlock`: the output's depth steps.
  let steps: Int
  /// The layer's multipliers, one per column or one for all.
  let multipliers: UnsafePointer<Float>
  let correction: UnsafePointer<Int32>
  let requantize: Int8Gemm.PackedRequantization

  /// Requantizes the `rows × columns` accumulators of `tile` (16 per row) for C rows from
  /// `firstRow` and columns from `firstColumn`, and writes them into their words.
  func write(_ tile: UnsafePointer<Int32>, rows: Int, columns: Int, firstRow: Int, firstColumn: Int)
  {
    let width = Int8Gemm.panelWidth
    let pairs = requantize.kernel == .pairs
    for i in 0..<rows {
      let row = firstRow + i
      let (rowTile, lane) = row.quotientAndRemainder(dividingBy: Int8Gemm.rowBlock)
      let base = output + rowTile * steps * Int8Gemm.rowBlock + lane
      let accumulators = tile + i * width
      if columns == width {
        let low = codes(accumulators, column: firstColumn)
        let high = codes(accumulators + 8, column: firstColumn + 8)
        let a = SIMD16<Int32>(lowHalf: low, highHalf: high) &- requantize.shift
        if pairs {
          let words = unsafeBitCast(SIMD16<Int16>(truncatingIfNeeded: a), to: SIMD8<UInt32>.self)
          let first = firstColumn / 2
          for w in 0..<8 { base[(first + w) * Int8Gemm.rowBlock] = words[w] }
        } else {
          let bytes = SIMD16<UInt8>(truncatingIfNeeded: a &+ 128)
          let words = unsafeBitCast(bytes, to: SIMD4<UInt32>.self)
          let first = firstColumn / 4
          for w in 0..<4 { base[(first + w) * Int8Gemm.rowBlock] = words[w] }
        }
      } else {
        for j in 0..<columns {
          let column = firstColumn + j
          let a = code(accumulators[j], column: column) &- requantize.shift
          if pairs {
            let word = base + (column / 2) * Int8Gemm.rowBlock
            word.pointee |= UInt32(UInt16(truncatingIfNeeded: a)) << UInt32(16 * (column % 2))
          } else {
            let word = base + (column / 4) * Int8Gemm.rowBlock
            word.pointee |= UInt32(UInt8(truncatingIfNeeded: a &+ 128)) << UInt32(8 * (column % 4))
          }
        }
      }
    }
  }

  /// Eight codes from column `column` on, as `Requantization.apply`'s vector loop computes them.
  @inline(__always)
  private func codes(_ accumulators: UnsafePointer<Int32>, column: Int) -> SIMD8<Int32> {
    let total =
      UnsafeRawPointer(accumulators).loadUnaligned(as: SIMD8<Int32>.self)
      &+ UnsafeRawPointer(correction + column).loadUnaligned(as: SIMD8<Int32>.self)
    let multiplier =
      perChannel
      ? UnsafeRawPointer(multipliers + column).loadUnaligned(as: SIMD8<Float>.self)
      : SIMD8(repeating: multipliers[0])
    return requantize.requantization.codes(total, multipliers: multiplier)
  }

  /// One code, as `Requantization.apply` computes it for one element.
  @inline(__always)
  private func code(_ accumulator: Int32, column: Int) -> Int32 {
    requantize.requantization.apply(
      accumulator &+ correction[column],
      channel: perChannel ? column : 0
    )
  }

  /// Whether the layer has one multiplier per output column.
  private var perChannel: Bool { requantize.requantization.multipliers.count > 1 }
}

/// Pointers and sizes shared by the worker threads; each thread writes disjoint columns of C
/// (or, with an epilogue, disjoint words of the next layer's packed operand).
private struct TileRunner: @unchecked Sendable {
  let a: UnsafePointer<UInt32>
  let b: UnsafeRawPointer
  let c: UnsafeMutablePointer<Int32>
  let m: Int
  let n: Int
  let steps: Int
  let kernel: Int8Gemm.Kernel
  let epilogue: TileEpilogue?

  func run(panels: Range<Int>) {
    let width = Int8Gemm.panelWidth
    let height = Int8Gemm.rowBlock
    let tiles = (m + height - 1) / height
    let panelBytes = steps * width * 4
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: height * width) { scratch in
      let edge = scratch.baseAddress!
      for panel in panels {
        let bPanel = b + panel * panelBytes
        let column = panel * width
        let columns = min(width, n - column)
        for tile in 0..<tiles {
          let row = tile * height
          let rows = min(height, m - row)
          let aTile = a + tile * steps * height
          let full = epilogue == nil && rows == height && columns == width
          let target = full ? c + row * n + column : edge
          let ldc = full ? n : width
          if kernel == .dotProduct {
            VNNITile.multiply(quads: steps, a: aTile, b: bPanel, c: target, ldc: ldc)
          } else {
            pairTile(pairs: steps, a: aTile, b: bPanel, c: target, ldc: ldc)
          }
          if let epilogue {
            epilogue.write(edge, rows: rows, columns: columns, firstRow: row, firstColumn: column)
          } else if !full {
            for i in 0..<rows {
              (c + (row + i) * n + column).update(from: edge + i * width, count: columns)
            }
          }
        }
      }
    }
  }
}

/// `C[0..<6, 0..<16] = A·B` over `pairs` pairs of `k`, `vpmaddwd` style.
///
/// `a` holds six UInt32 words per pair (a row's two Int16 values); `b` holds 32 Int16 per pair
/// (column `j`'s two values at `2j, 2j+1`).
@inline(never)
private func pairTile(
  pairs: Int,
  a: UnsafePointer<UInt32>,
  b: UnsafeRawPointer,
  c: UnsafeMutablePointer<Int32>,
  ldc: Int
) {
  var acc = (
    SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>(),
    SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>(),
    SIMD8<Int32>(), SIMD8<Int32>()
  )
  var pa = a
  var pb = b
  for _ in 0..<pairs {
    let b0 = pb.loadUnaligned(as: SIMD16<Int16>.self)
    let b1 = pb.loadUnaligned(fromByteOffset: 32, as: SIMD16<Int16>.self)
    var x = broadcastPair(pa[0])
    acc.0 &+= multiplyAddPairs(x, b0)
    acc.1 &+= multiplyAddPairs(x, b1)
    x = broadcastPair(pa[1])
    acc.2 &+= multiplyAddPairs(x, b0)
    acc.3 &+= multiplyAddPairs(x, b1)
    x = broadcastPair(pa[2])
    acc.4 &+= multiplyAddPairs(x, b0)
    acc.5 &+= multiplyAddPairs(x, b1)
    x = broadcastPair(pa[3])
    acc.6 &+= multiplyAddPairs(x, b0)
    acc.7 &+= multiplyAddPairs(x, b1)
    x = broadcastPair(pa[4])
    acc.8 &+= multiplyAddPairs(x, b0)
    acc.9 &+= multiplyAddPairs(x, b1)
    x = broadcastPair(pa[5])
    acc.10 &+= multiplyAddPairs(x, b0)
    acc.11 &+= multiplyAddPairs(x, b1)
    pa += 6
    pb += 64
  }
  let raw = UnsafeMutableRawPointer(c)
  let row = ldc * 4
  raw.storeBytes(of: acc.0, as: SIMD8<Int32>.self)
  raw.storeBytes(of: acc.1, toByteOffset: 32, as: SIMD8<Int32>.self)
  raw.storeBytes(of: acc.2, toByteOffset: row, as: SIMD8<Int32>.self)
  raw.storeBytes(of: acc.3, toByteOffset: row + 32, as: SIMD8<Int32>.self)
  raw.storeBytes(of: acc.4, toByteOffset: 2 * row, as: SIMD8<Int32>.self)
  raw.storeBytes(of: acc.5, toByteOffset: 2 * row + 32, as: SIMD8<Int32>.self)
  raw.storeBytes(of: acc.6, toByteOffset: 3 * row, as: SIMD8<Int32>.self)
  raw.storeBytes(of: acc.7, toByteOffset: 3 * row + 32, as: SIMD8<Int32>.self)
  raw.storeBytes(of: acc.8, toByteOffset: 4 * row, as: SIMD8<Int32>.self)
  raw.storeBytes(of: acc.9, toByteOffset: 4 * row + 32, as: SIMD8<Int32>.self)
  raw.storeBytes(of: acc.10, toByteOffset: 5 * row, as: SIMD8<Int32>.self)
  raw.storeBytes(of: acc.11, toByteOffset: 5 * row + 32, as: SIMD8<Int32>.self)
}

/// Repeats one packed Int16 pair across all sixteen Int16 lanes.
@inline(__always)
private func broadcastPair(_ pair: UInt32) -> SIMD16<Int16> {
  unsafeBitCast(SIMD8<UInt32>(repeating: pair), to: SIMD16<Int16>.self)
}

/// `r[i] = a[2i]·b[2i] + a[2i+1]·b[2i+1]` in Int32 (`vpmaddwd`).
@inline(__always)
private func multiplyAddPairs(_ a: SIMD16<Int16>, _ b: SIMD16<Int16>) -> SIMD8<Int32> {
  #if arch(x86_64) && canImport(_Builtin_intrinsics)
  return unsafeBitCast(
    _mm256_madd_epi16(unsafeBitCast(a, to: __m256i.self), unsafeBitCast(b, to: __m256i.self)),
    to: SIMD8<Int32>.self
  )
  #else
  let product = SIMD16<Int32>(truncatingIfNeeded: a) &* SIMD16<Int32>(truncatingIfNeeded: b)
  return product.evenHalf &+ product.oddHalf
  #endif
}
