import AVX512Kernels
import Foundation

/// Single-precision matrix multiplication, `C (+)= op(A) · op(B)`, cache-blocked with SIMD.
///
/// The layout follows Goto & van de Geijn ("Anatomy of high-performance matrix multiplication",
/// 2008): B is packed into `kc × 16` column panels, A into `6 × kc` row panels, and a 6×16
/// micro-kernel keeps 6 `SIMD16<Float>` accumulators in registers and multiplies with fused
/// multiply-adds. Large products are split across `WorkerPool`'s threads by columns or rows of
/// C, and every element of C is summed over `k` in the same order whatever the thread count,
/// so results are bit-identical for 1 or N threads.
///
/// On processors with AVX-512 (every feature of `MachineInfo.avx512KernelFlags`) the same
/// blocking runs with a 12×32 tile of 24 `zmm` accumulators from the `AVX512Kernels` target
/// (`AVX512FloatGemm`); elsewhere the 6×16 AVX2 tile below runs. `Kernel.best` picks one at
/// run time; the two sum in different depth blocks, so they agree within float rounding, and
/// each is bit-identical for 1 or N threads.
///
/// Cost: `2·m·n·k` FLOPs (one multiply-add counts as two).
public enum Gemm {
  /// Which float micro-kernel multiplies.
  public enum Kernel: String, Sendable, CaseIterable {
    /// The 12×32 tile on 512-bit registers (`AVX512Kernels`, built for Cascade Lake).
    case avx512
    /// The 6×16 tile on 256-bit registers (AVX2 + FMA), or portable SIMD off x86-64.
    case avx2

    /// The environment variable that forces a kernel (`avx2` or `avx512`); a forced
    /// `avx512` the processor cannot run falls back to `avx2`.
    public static let environmentVariable = "GOLDILOCKS_FLOAT_KERNEL"

    /// The kernel products use by default: AVX-512 when the processor and the build allow it,
    /// unless `GOLDILOCKS_FLOAT_KERNEL=avx2` asks for the AVX2 tile.
    public static let best: Kernel = choose(
      avx512Runs: avx512Runs,
      requested: ProcessInfo.processInfo.environment[environmentVariable]
    )

    /// Whether this processor and build can run `.avx512` (read once).
    static let avx512Runs = MachineInfo.current().hasAVX512Kernels

    /// The kernel to use, honouring a requested kernel name when it can run here; an unknown
    /// name is ignored.
    public static func choose(avx512Runs: Bool, requested: String?) -> Kernel {
      let available: Kernel = avx512Runs ? .avx512 : .avx2
      guard let requested, let kernel = Kernel(rawValue: requested.lowercased()) else {
        return available
      }
      return kernel == .avx512 ? available : .avx2
    }

    /// Whether this processor and build can run the kernel.
    public var isAvailable: Bool { self == .avx2 || Kernel.avx512Runs }

    /// The instruction set and tile, for the learner.
    public var summary: String {
      switch self {
      case .avx512: return "AVX-512 GEMM, 12×32 tile (chosen for this CPU at run time)"
      case .avx2:
        #if arch(x86_64)
        return "AVX2 + FMA GEMM, 6×16 tile"
        #elseif arch(arm64)
        return "NEON GEMM, 6×16 tile"
        #else
        return "portable SIMD GEMM, 6×16 tile"
        #endif
      }
    }
  }

  /// Rows of the micro-kernel tile.
  @usableFromInline static let mr = 6
  /// Columns of the micro-kernel tile (one `SIMD16<Float>`).
  @usableFromInline static let nr = 16
  /// Depth of one packed block (keeps an A panel and a B panel in L1/L2).
  @usableFromInline static let kc = 256
  /// Rows of A packed at once per worker (a multiple of `mr`).
  @usableFromInline static let mc = 96
  /// Columns of B packed at once.
  @usableFromInline static let nc = 1024
  /// Up to this many rows of C per worker, B is read in place instead of packed.
  @usableFromInline static let directRows = 32
  /// From this many rows of C, column-splitting AVX-512 workers pack A once, together.
  static let sharedPackingRows = 64

  /// The number of worker threads used for large products (all active cores, read once).
  public static var defaultThreadCount: Int { ProcessorCount.active }

  /// Products smaller than this many multiply-adds (about 0.1 ms of work) run on one thread.
  ///
  /// `WorkerPool` hands a job over in about a microsecond while its helper still spins, but a
  /// second core must first fetch whatever the first core just wrote: in a training step the
  /// optimizer has just rewritten every weight, and moving a 784×128 kernel between the two
  /// cores' caches costs as much as a 32-row product saves (measured on seed-mlp).
  public static let parallelThreshold = 1 << 23

  /// Computes `C = op(A)·op(B)` (or `C += …` when `accumulate`), with arbitrary strides.
  ///
  /// Element `(i, p)` of `op(A)` is `a[i·aRowStride + p·aColumnStride]`, element `(p, j)` of
  /// `op(B)` is `b[p·bRowStride + j·bColumnStride]`, and C is row-major with leading dimension
  /// `ldc`. Transposes are expressed by swapping strides.
  /// - Parameter threads: worker count; `nil` picks `defaultThreadCount` for large products.
  /// - Parameter kernel: the micro-kernel; `.avx512` where the processor cannot run it runs
  ///   `.avx2` instead.
  public static func multiply(
    m: Int,
    n: Int,
    k: Int,
    a: UnsafePointer<Float>,
    aRowStride: Int,
    aColumnStride: Int,
    b: UnsafePointer<Float>,
    bRowStride: Int,
    bColumnStride: Int,
    c: UnsafeMutablePointer<Float>,
    ldc: Int,
    accumulate: Bool = false,
    threads: Int? = nil,
    kernel: Kernel = .best
  ) {
    if m == 0 || n == 0 { return }
    if k == 0 {
      if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
      return
    }
    let kernel = kernel.isAvailable ? kernel : .avx2
    let work = m * n * k
    let workers = max(1, threads ?? (work >= parallelThreshold ? defaultThreadCount : 1))
    if m <= 4 && bColumnStride == 1 && kernel == .avx512 {
      AVX512FloatGemm.multiplyFewRows(
        m: m,
        n: n,
        k: k,
        a: a,
        aRowStride: aRowStride,
        aColumnStride: aColumnStride,
        b: b,
        bRowStride: bRowStride,
        c: c,
        ldc: ldc,
        accumulate: accumulate
      )
      return
    }
    if m <= 4 && bColumnStride == 1 {
      smallRows(
        m: m,
        n: n,
        k: k,
        a: a,
        aRowStride: aRowStride,
        aColumnStride: aColumnStride,
        b: b,
        bRowStride: bRowStride,
        c: c,
        ldc: ldc,
        accumulate: accumulate
      )
      return
    }
    blocked(
      m: m,
      n: n,
      k: k,
      a: a,
      aRowStride: aRowStride,
      aColumnStride: aColumnStride,
      b: b,
      bRowStride: bRowStride,
      bColumnStride: bColumnStride,
      c: c,
      ldc: ldc,
      accumulate: accumulate,
      workers: workers,
      kernel: kernel
    )
  }

  /// Returns `op(a) · op(b)` for two rank-2 tensors.
  public static func matmul(
    _ a: Tensor,
    _ b: Tensor,
    transposeA: Bool = false,
    transposeB: Bool = false,
    threads: Int? = nil,
    kernel: Kernel = .best
  ) -> Tensor {
    precondition(a.rank == 2 && b.rank == 2, "matmul needs rank-2 tensors")
    let m = transposeA ? a.shape[1] : a.shape[0]
    let k = transposeA ? a.shape[0] : a.shape[1]
    let kb = transposeB ? b.shape[1] : b.shape[0]
    let n = transposeB ? b.shape[0] : b.shape[1]
    precondition(k == kb, "matmul: inner dimensions \(k) and \(kb) differ")
    let lda = a.shape[1]
    let ldb = b.shape[1]
    return a.scalars.withUnsafeBufferPointer { pa in
      b.scalars.withUnsafeBufferPointer { pb in
        Tensor(shape: [m, n]) { pc in
          multiply(
            m: m,
            n: n,
            k: k,
            a: pa.baseAddress!,
            aRowStride: transposeA ? 1 : lda,
            aColumnStride: transposeA ? lda : 1,
            b: pb.baseAddress!,
            bRowStride: transposeB ? 1 : ldb,
            bColumnStride: transposeB ? ldb : 1,
            c: pc.baseAddress!,
            ldc: n,
            threads: threads,
            kernel: kernel
          )
        }
      }
    }
  }

  /// Rows of C one at a time: `C[i,:] += A[i,p] · B[p,:]`, for very few rows (batch-1 inference),
  /// where packing B would cost more than the product itself.
  static func smallRows(
    m: Int,
    n: Int,
    k: Int,
    a: UnsafePointer<Float>,
    aRowStride: Int,
    aColumnStride: Int,
    b: UnsafePointer<Float>,
    bRowStride: Int,
    c: UnsafeMutablePointer<Float>,
    ldc: Int,
    accumulate: Bool
  ) {
    let raw = UnsafeMutableRawPointer(c)
    for i in 0..<m {
      let row = c + i * ldc
      if !accumulate { row.update(repeating: 0, count: n) }
      var j = 0
      let rowRaw = raw + i * ldc * 4
      while j + 32 <= n {
        var acc0 = rowRaw.loadUnaligned(fromByteOffset: j * 4, as: SIMD16<Float>.self)
        var acc1 = rowRaw.loadUnaligned(fromByteOffset: j * 4 + 64, as: SIMD16<Float>.self)
        var pb = UnsafeRawPointer(b + j)
        var pa = a + i * aRowStride
        for _ in 0..<k {
          let s = SIMD16<Float>(repeating: pa.pointee)
          acc0 += s * pb.loadUnaligned(as: SIMD16<Float>.self)
          acc1 += s * pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
          pb += bRowStride * 4
          pa += aColumnStride
        }
        rowRaw.storeBytes(of: acc0, toByteOffset: j * 4, as: SIMD16<Float>.self)
        rowRaw.storeBytes(of: acc1, toByteOffset: j * 4 + 64, as: SIMD16<Float>.self)
        j += 32
      }
      while j + 8 <= n {
        var acc = rowRaw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
        var pb = UnsafeRawPointer(b + j)
        var pa = a + i * aRowStride
        for _ in 0..<k {
          acc += SIMD8<Float>(repeating: pa.pointee) * pb.loadUnaligned(as: SIMD8<Float>.self)
          pb += bRowStride * 4
          pa += aColumnStride
        }
        rowRaw.storeBytes(of: acc, toByteOffset: j * 4, as: SIMD8<Float>.self)
        j += 8
      }
      while j < n {
        var acc = row[j]
        for p in 0..<k { acc += a[i * aRowStride + p * aColumnStride] * b[p * bRowStride + j] }
        row[j] = acc
        j += 1
      }
    }
  }

  /// The blocked product, with one fork-join per call.
  ///
  /// Workers split C into disjoint column ranges (each packs all of A and
  /// its share of B) or row ranges (each packs its share of A and all of B), whichever
  /// duplicates less packing, and run to the end. Depth blocks
  /// depend on `k` only, so each element of C is summed in the same order for any worker count.
  static func blocked(
    m: Int,
    n: Int,
    k: Int,
    a: UnsafePointer<Float>,
    aRowStride: Int,
    aColumnStride: Int,
    b: UnsafePointer<Float>,
    bRowStride: Int,
    bColumnStride: Int,
    c: UnsafeMutablePointer<Float>,
    ldc: Int,
    accumulate: Bool,
    workers requested: Int,
    kernel: Kernel
  ) {
    let wide = kernel == .avx512
    let tileRows = wide ? AVX512FloatGemm.tileRows : mr
    let tileColumns = wide ? AVX512FloatGemm.tileColumns : nr
    let tiles = (m + tileRows - 1) / tileRows
    let panels = (n + tileColumns - 1) / tileColumns
    // Splitting columns makes every worker pack all of A (m·k); splitting rows, all of B (k·n).
    let splitColumns = m <= n ? panels >= 2 * requested : tiles < 2 * requested
    let units = splitColumns ? panels : tiles
    let workers = max(1, min(requested, units))
    let unitsPerWorker = (units + workers - 1) / workers
    // Equal depth blocks of at most kc (784 = 4 × 196 rather than 3 × 256 + 16).
    let maximumDepth = wide ? AVX512FloatGemm.maximumDepth : kc
    let depthBlocks = (k + maximumDepth - 1) / maximumDepth
    let depth = (k + depthBlocks - 1) / depthBlocks
    let sourceA = UncheckedSendablePointer(a)
    let sourceB = UncheckedSendablePointer(b)
    let target = UncheckedSendablePointer(c)
    // Each worker's share of C; with `packedA` (the whole of A, packed), AVX-512 workers read
    // A from it instead of packing their own.
    @Sendable func worker(_ worker: Int, packedA: UnsafePointer<Float>?) {
      let first = worker * unitsPerWorker
      let last = min(units, first + unitsPerWorker)
      if first >= last { return }
      let rows = splitColumns ? 0..<m : (first * tileRows)..<min(m, last * tileRows)
      let columns = splitColumns ? (first * tileColumns)..<min(n, last * tileColumns) : 0..<n
      if wide {
        AVX512FloatGemm.multiplyBlock(
          rows: rows,
          columns: columns,
          k: k,
          depth: depth,
          a: sourceA.pointer,
          aRowStride: aRowStride,
          aColumnStride: aColumnStride,
          b: sourceB.pointer,
          bRowStride: bRowStride,
          bColumnStride: bColumnStride,
          c: target.pointer,
          ldc: ldc,
          accumulate: accumulate,
          packedA: packedA
        )
      } else {
        multiplyBlock(
          rows: rows,
          columns: columns,
          k: k,
          depth: depth,
          a: sourceA.pointer,
          aRowStride: aRowStride,
          aColumnStride: aColumnStride,
          b: sourceB.pointer,
          bRowStride: bRowStride,
          bColumnStride: bColumnStride,
          c: target.pointer,
          ldc: ldc,
          accumulate: accumulate
        )
      }
    }
    if workers == 1 {
      worker(0, packedA: nil)
    } else if wide && splitColumns && m >= sharedPackingRows {
      // Workers that split the columns all need the whole of A: they pack it once together
      // (each a share of its row tiles), then share it, instead of each packing all of it.
      withUnsafeTemporaryAllocation(
        of: Float.self,
        capacity: AVX512FloatGemm.wholeACount(m: m, k: k)
      ) { buffer in
        let packed = UncheckedSendablePointer(buffer.baseAddress!)
        WorkerPool.shared.run(parts: workers) { part in
          AVX512FloatGemm.packWholeA(
            tiles: (tiles * part / workers)..<(tiles * (part + 1) / workers),
            m: m,
            k: k,
            depth: depth,
            a: sourceA.pointer,
            aRowStride: aRowStride,
            aColumnStride: aColumnStride,
            into: packed.pointer
          )
        }
        WorkerPool.shared.run(parts: workers) { worker($0, packedA: packed.pointer) }
      }
    } else {
      WorkerPool.shared.run(parts: workers) { worker($0, packedA: nil) }
    }
  }

  /// `C[rows, columns] (+)= op(A)[rows, :] · op(B)[:, columns]` with the 6×16 tile, on the
  /// calling thread, `k` split into blocks of `depth`.
  static func multiplyBlock(
    rows: Range<Int>,
    columns: Range<Int>,
    k: Int,
    depth: Int,
    a: UnsafePointer<Float>,
    aRowStride: Int,
    aColumnStride: Int,
    b: UnsafePointer<Float>,
    bRowStride: Int,
    bColumnStride: Int,
    c: UnsafeMutablePointer<Float>,
    ldc: Int,
    accumulate: Bool
  ) {
    let direct = bColumnStride == 1 && rows.count <= directRows
    let widest = min(columns.count, nc)
    let packedBCount = ((widest + nr - 1) / nr) * nr * depth
    let packedACount = mc * depth
    withUnsafeTemporaryAllocation(of: Float.self, capacity: packedBCount + packedACount) {
      scratch in
      let packedB = scratch.baseAddress!
      let packedA = packedB + packedBCount
      var jc = columns.lowerBound
      while jc < columns.upperBound {
        let ncb = min(nc, columns.upperBound - jc)
        var pc = 0
        while pc < k {
          let kcb = min(depth, k - pc)
          let blockB = b + pc * bRowStride + jc * bColumnStride
          // Few rows use each panel of B only a few times, so reading B in place (rows
          // `ldb` apart, one 64-byte line per row) beats copying it; only a last panel
          // narrower than 16 columns is packed, with zero padding.
          let packedFrom = direct ? ncb / nr * nr : 0
          if packedFrom < ncb {
            packB(
              kc: kcb,
              nc: ncb - packedFrom,
              b: blockB + packedFrom * bColumnStride,
              rowStride: bRowStride,
              columnStride: bColumnStride,
              into: packedB
            )
          }
          let overwrite = pc == 0 && !accumulate
          var ic = rows.lowerBound
          while ic < rows.upperBound {
            let mcb = min(mc, rows.upperBound - ic)
            packA(
              mc: mcb,
              kc: kcb,
              a: a + ic * aRowStride + pc * aColumnStride,
              rowStride: aRowStride,
              columnStride: aColumnStride,
              into: packedA
            )
            var jr = 0
            while jr < ncb {
              let cols = min(nr, ncb - jr)
              let inPlace = jr < packedFrom
              let packedOffset: Int = ((jr - packedFrom) / nr) * nr * kcb
              let panelB: UnsafePointer<Float> =
                inPlace ? blockB + jr : UnsafePointer(packedB + packedOffset)
              let bStride = inPlace ? bRowStride * 4 : nr * 4
              var ir = 0
              while ir < mcb {
                microKernel(
                  kc: kcb,
                  a: packedA + ir * kcb,
                  b: panelB,
                  bStride: bStride,
                  c: c + (ic + ir) * ldc + jc + jr,
                  ldc: ldc,
                  rows: min(mr, mcb - ir),
                  cols: cols,
                  overwrite: overwrite
                )
                ir += mr
              }
              jr += nr
            }
            ic += mcb
          }
          pc += kcb
        }
        jc += ncb
      }
    }
  }

  /// Packs a `kc × nc` block of B into column panels of 16, row by row, zero-padding the last.
  @inline(__always)
  static func packB(
    kc: Int,
    nc: Int,
    b: UnsafePointer<Float>,
    rowStride: Int,
    columnStride: Int,
    into packed: UnsafeMutablePointer<Float>
  ) {
    var destination = packed
    var j = 0
    while j < nc {
      let cols = min(nr, nc - j)
      if cols == nr && columnStride == 1 {
        var source = UnsafeRawPointer(b + j)
        let raw = UnsafeMutableRawPointer(destination)
        for p in 0..<kc {
          raw.storeBytes(
            of: source.loadUnaligned(as: SIMD16<Float>.self),
            toByteOffset: p * 64,
            as: SIMD16<Float>.self
          )
          source += rowStride * 4
        }
      } else {
        for p in 0..<kc {
          let row = destination + p * nr
          let source = b + p * rowStride + j * columnStride
          for jj in 0..<cols { row[jj] = source[jj * columnStride] }
          for jj in cols..<nr { row[jj] = 0 }
        }
      }
      destination += kc * nr
      j += nr
    }
  }

  /// Packs an `mc × kc` block of A into row panels of 6, column by column, zero-padding the last.
  @inline(__always)
  static func packA(
    mc: Int,
    kc: Int,
    a: UnsafePointer<Float>,
    rowStride: Int,
    columnStride: Int,
    into packed: UnsafeMutablePointer<Float>
  ) {
    var destination = packed
    var i = 0
    while i < mc {
      let rows = min(mr, mc - i)
      let source = a + i * rowStride
      if rows == mr {
        if columnStride == 1 {
          let r0 = source
          let r1 = source + rowStride
          let r2 = source + 2 * rowStride
          let r3 = source + 3 * rowStride
          let r4 = source + 4 * rowStride
          let r5 = source + 5 * rowStride
          for p in 0..<kc {
            let d = destination + p * 6
            d[0] = r0[p]
            d[1] = r1[p]
            d[2] = r2[p]
            d[3] = r3[p]
            d[4] = r4[p]
            d[5] = r5[p]
          }
        } else {
          for p in 0..<kc {
            let column = source + p * columnStride
            let d = destination + p * 6
            for ii in 0..<6 { d[ii] = column[ii * rowStride] }
          }
        }
      } else {
        for p in 0..<kc {
          let d = destination + p * mr
          for ii in 0..<rows { d[ii] = source[ii * rowStride + p * columnStride] }
          for ii in rows..<mr { d[ii] = 0 }
        }
      }
      destination += kc * mr
      i += mr
    }
  }

  /// The 6×16 register tile: `C[0..<rows, 0..<cols] (+)= Apanel · Bpanel` over `kc`, the rows
  /// of the B panel `bStride` bytes apart (64 when packed).
  @inline(__always)
  static func microKernel(
    kc: Int,
    a: UnsafePointer<Float>,
    b: UnsafePointer<Float>,
    bStride: Int,
    c: UnsafeMutablePointer<Float>,
    ldc: Int,
    rows: Int,
    cols: Int,
    overwrite: Bool
  ) {
    var c0 = SIMD16<Float>()
    var c1 = SIMD16<Float>()
    var c2 = SIMD16<Float>()
    var c3 = SIMD16<Float>()
    var c4 = SIMD16<Float>()
    var c5 = SIMD16<Float>()
    var pa = a
    var pb = UnsafeRawPointer(b)
    for _ in 0..<kc {
      let bv = pb.loadUnaligned(as: SIMD16<Float>.self)
      c0.addProduct(SIMD16(repeating: pa[0]), bv)
      c1.addProduct(SIMD16(repeating: pa[1]), bv)
      c2.addProduct(SIMD16(repeating: pa[2]), bv)
      c3.addProduct(SIMD16(repeating: pa[3]), bv)
      c4.addProduct(SIMD16(repeating: pa[4]), bv)
      c5.addProduct(SIMD16(repeating: pa[5]), bv)
      pa += 6
      pb += bStride
    }
    if rows == 6 && cols == 16 {
      store(c0, c, overwrite)
      store(c1, c + ldc, overwrite)
      store(c2, c + 2 * ldc, overwrite)
      store(c3, c + 3 * ldc, overwrite)
      store(c4, c + 4 * ldc, overwrite)
      store(c5, c + 5 * ldc, overwrite)
    } else {
      withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 6) { tile in
        tile.initialize(repeating: SIMD16<Float>())
        tile[0] = c0
        tile[1] = c1
        tile[2] = c2
        tile[3] = c3
        tile[4] = c4
        tile[5] = c5
        for i in 0..<rows {
          let row = c + i * ldc
          let values = tile[i]
          if overwrite {
            for j in 0..<cols { row[j] = values[j] }
          } else {
            for j in 0..<cols { row[j] += values[j] }
          }
        }
      }
    }
  }

  @inline(__always)
  static func store(_ value: SIMD16<Float>, _ c: UnsafeMutablePointer<Float>, _ overwrite: Bool) {
    let raw = UnsafeMutableRawPointer(c)
    if overwrite {
      raw.storeBytes(of: value, as: SIMD16<Float>.self)
    } else {
      raw.storeBytes(of: raw.loadUnaligned(as: SIMD16<Float>.self) + value, as: SIMD16<Float>.self)
    }
  }
}
