/// The single-precision GEMM for processors with AVX-512: a 12×32 register tile.
///
/// This target is compiled for Cascade Lake (see Package.swift), so nothing in it may run
/// before the engine has checked the processor: `Gemm` calls `multiplyBlock` only when
/// `/proc/cpuinfo` lists every feature that build may use (`MachineInfo.hasAVX512Kernels`).
///
/// With 32 vector registers of 16 floats, 12 rows × 32 columns of C stay in 24 accumulators,
/// two registers hold a row of the B panel and one a broadcast element of A: 24 fused
/// multiply-adds per 14 loads, against 12 per 8 for the AVX2 6×16 tile. The layout is the same
/// Goto-style blocking as the AVX2 kernel: B packed into `depth × 32` column panels, A into
/// `12 × depth` row panels, zero-padded at the edges. Every element of C is summed over `k` in
/// increasing order within each depth block, and depth blocks depend only on `k`, so the result
/// does not depend on how the caller splits C between threads.
public enum AVX512FloatGemm {
  /// Rows of the register tile.
  @inlinable public static var tileRows: Int { 12 }
  /// Columns of the register tile (two 16-float registers).
  @inlinable public static var tileColumns: Int { 32 }
  /// Largest depth block: a 32-column B panel of this depth is 24 KiB, which stays in L1.
  @inlinable public static var maximumDepth: Int { 192 }
  /// Rows of A packed at once (a multiple of `tileRows`; 96 × 192 floats = 72 KiB, in L2).
  @inlinable public static var packedRows: Int { 96 }
  /// Columns of B packed at once.
  @inlinable public static var packedColumns: Int { 1024 }
  /// Up to this many rows of C, B is read in place instead of packed.
  @inlinable public static var directRows: Int { 32 }

  /// Whether this build contains the AVX-512 kernel (x86-64 only).
  public static var isCompiled: Bool {
    #if arch(x86_64)
    return true
    #else
    return false
    #endif
  }

  /// `C[rows, columns] (+)= op(A)[rows, :] · op(B)[:, columns]` on the calling thread.
  ///
  /// Element `(i, p)` of `op(A)` is `a[i·aRowStride + p·aColumnStride]`, element `(p, j)` of
  /// `op(B)` is `b[p·bRowStride + j·bColumnStride]`; C is row-major with leading dimension
  /// `ldc`. `k` is split into blocks of `depth` (the last may be shorter). `packedA`, when
  /// given, is all of A packed by `packWholeA` with the same `depth`, and `rows` is then `0..<m`.
  @inline(never)
  public static func multiplyBlock(
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
    accumulate: Bool,
    packedA prepacked: UnsafePointer<Float>? = nil
  ) {
    let mr = tileRows
    let nr = tileColumns
    let direct = bColumnStride == 1 && rows.count <= directRows
    let widest = min(columns.count, packedColumns)
    let packedBCount = ((widest + nr - 1) / nr) * nr * depth
    let packedACount = packedRows * depth
    withUnsafeTemporaryAllocation(of: Float.self, capacity: packedBCount + packedACount) {
      scratch in
      let packedB = scratch.baseAddress!
      let packedA = packedB + packedBCount
      var jc = columns.lowerBound
      while jc < columns.upperBound {
        let ncb = min(packedColumns, columns.upperBound - jc)
        var pc = 0
        while pc < k {
          let kcb = min(depth, k - pc)
          let blockB = b + pc * bRowStride + jc * bColumnStride
          // Few rows use each panel of B only a few times, so B is read in place (rows
          // `bRowStride` apart); only a last panel narrower than 32 columns is packed.
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
            let mcb = min(packedRows, rows.upperBound - ic)
            let panelA: UnsafePointer<Float>
            if let prepacked {
              panelA = prepacked + pc * paddedRowCount(rows.upperBound) + ic * kcb
            } else {
              packA(
                mc: mcb,
                kc: kcb,
                a: a + ic * aRowStride + pc * aColumnStride,
                rowStride: aRowStride,
                columnStride: aColumnStride,
                into: packedA
              )
              panelA = UnsafePointer(packedA)
            }
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
                tile(
                  kc: kcb,
                  a: panelA + ir * kcb,
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

  /// Rows of C one at a time, for very few rows (batch-1 inference).
  ///
  /// `C[i,:] (+)= Σ_p A[i,p] · B[p,:]` where packing would cost more than the product; B's
  /// columns are contiguous.
  ///
  /// Each element is summed in increasing `p` with a separate multiply and add, exactly as
  /// the engine's AVX2 `Gemm.smallRows`, so both give the same bits.
  @inline(never)
  public static func multiplyFewRows(
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

  /// Packs a `kc × nc` block of B into column panels of 32, row by row, zero-padding the last.
  @inline(__always)
  static func packB(
    kc: Int,
    nc: Int,
    b: UnsafePointer<Float>,
    rowStride: Int,
    columnStride: Int,
    into packed: UnsafeMutablePointer<Float>
  ) {
    let nr = tileColumns
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
            toByteOffset: p * 128,
            as: SIMD16<Float>.self
          )
          raw.storeBytes(
            of: source.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self),
            toByteOffset: p * 128 + 64,
            as: SIMD16<Float>.self
          )
          source += rowStride * 4
        }
      } else if cols == nr && rowStride == 1 {
        // Transposed B: each of the 32 columns is contiguous along the depth.
        AVX512TransposePack.pack(
          lines: nr,
          depth: kc,
          source: b + j * columnStride,
          lineStride: columnStride,
          into: destination
        )
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

  /// Packs an `mc × kc` block of A into row panels of 12, column by column, zero-padding the last.
  @inline(__always)
  static func packA(
    mc: Int,
    kc: Int,
    a: UnsafePointer<Float>,
    rowStride: Int,
    columnStride: Int,
    into packed: UnsafeMutablePointer<Float>
  ) {
    let mr = tileRows
    var destination = packed
    var i = 0
    while i < mc {
      let rows = min(mr, mc - i)
      let source = a + i * rowStride
      if rows == mr && rowStride == 1 {
        // op(A) is a transpose: the 12 values of one column are contiguous.
        for p in 0..<kc {
          let column = UnsafeRawPointer(source + p * columnStride)
          let d = UnsafeMutableRawPointer(destination + p * mr)
          d.storeBytes(of: column.loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
          d.storeBytes(
            of: column.loadUnaligned(fromByteOffset: 32, as: SIMD4<Float>.self),
            toByteOffset: 32,
            as: SIMD4<Float>.self
          )
        }
      } else if rows == mr && columnStride == 1 {
        // Row-major A: each of the 12 rows is contiguous along the depth.
        AVX512TransposePack.pack(
          lines: mr,
          depth: kc,
          source: source,
          lineStride: rowStride,
          into: destination
        )
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

  /// Rows of A rounded up to whole tiles: the row count of `packWholeA`'s layout.
  @inlinable public static func paddedRowCount(_ rows: Int) -> Int {
    (rows + tileRows - 1) / tileRows * tileRows
  }

  /// Floats `packWholeA` writes for an `m × k` A.
  @inlinable public static func wholeACount(m: Int, k: Int) -> Int { paddedRowCount(m) * k }

  /// Packs row tiles `tiles` of the whole of `op(A)` (`m` rows) for every depth block, so
  /// that workers splitting C by columns share one packed A instead of each packing all of
  /// it; `multiplyBlock(…, packedA:)` reads it.
  ///
  /// Layout: depth block starting at `pc` (of length `kcb`) at `pc · paddedRowCount(m)`;
  /// within it, the row tile starting at row `i` at `i · kcb`, `kcb × 12` floats, as `packA`
  /// writes them.
  @inline(never)
  public static func packWholeA(
    tiles: Range<Int>,
    m: Int,
    k: Int,
    depth: Int,
    a: UnsafePointer<Float>,
    aRowStride: Int,
    aColumnStride: Int,
    into packed: UnsafeMutablePointer<Float>
  ) {
    let padded = paddedRowCount(m)
    var pc = 0
    while pc < k {
      let kcb = min(depth, k - pc)
      let first = tiles.lowerBound * tileRows
      let rows = min(m, tiles.upperBound * tileRows) - first
      if rows > 0 {
        packA(
          mc: rows,
          kc: kcb,
          a: a + first * aRowStride + pc * aColumnStride,
          rowStride: aRowStride,
          columnStride: aColumnStride,
          into: packed + pc * padded + first * kcb
        )
      }
      pc += kcb
    }
  }

  /// One tile of C: picks the kernel with the fewest rows that covers `rows`.
  @inline(__always)
  static func tile(
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
    if rows > 8 {
      kernel12(
        kc: kc,
        a: a,
        b: b,
        bStride: bStride,
        c: c,
        ldc: ldc,
        rows: rows,
        cols: cols,
        overwrite: overwrite
      )
    } else if rows > 4 {
      kernel8(
        kc: kc,
        a: a,
        b: b,
        bStride: bStride,
        c: c,
        ldc: ldc,
        rows: rows,
        cols: cols,
        overwrite: overwrite
      )
    } else {
      kernel4(
        kc: kc,
        a: a,
        b: b,
        bStride: bStride,
        c: c,
        ldc: ldc,
        rows: rows,
        cols: cols,
        overwrite: overwrite
      )
    }
  }

  @inline(never)
  static func kernel12(
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
    registerTile(
      height: 12,
      kc: kc,
      a: a,
      b: b,
      bStride: bStride,
      c: c,
      ldc: ldc,
      rows: rows,
      cols: cols,
      overwrite: overwrite
    )
  }

  @inline(never)
  static func kernel8(
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
    registerTile(
      height: 8,
      kc: kc,
      a: a,
      b: b,
      bStride: bStride,
      c: c,
      ldc: ldc,
      rows: rows,
      cols: cols,
      overwrite: overwrite
    )
  }

  @inline(never)
  static func kernel4(
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
    registerTile(
      height: 4,
      kc: kc,
      a: a,
      b: b,
      bStride: bStride,
      c: c,
      ldc: ldc,
      rows: rows,
      cols: cols,
      overwrite: overwrite
    )
  }

  /// `C[0..<rows, 0..<cols] (+)= Apanel[0..<height] · Bpanel` over `kc`, the A panel 12 rows
  /// wide and the rows of the B panel `bStride` bytes apart (128 when packed).
  ///
  /// `height` is a constant at each call site (12, 8 or 4), so the accumulators of unused
  /// rows fold away and the rest stay in registers.
  @inline(__always)
  static func registerTile(
    height: Int,
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
    typealias V = SIMD16<Float>
    var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
    var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
    var c60 = V(), c61 = V(), c70 = V(), c71 = V(), c80 = V(), c81 = V()
    var c90 = V(), c91 = V(), ca0 = V(), ca1 = V(), cb0 = V(), cb1 = V()
    var pa = a
    var pb = UnsafeRawPointer(b)
    for _ in 0..<kc {
      let b0 = pb.loadUnaligned(as: V.self)
      let b1 = pb.loadUnaligned(fromByteOffset: 64, as: V.self)
      var x = V(repeating: pa[0])
      c00.addProduct(x, b0)
      c01.addProduct(x, b1)
      x = V(repeating: pa[1])
      c10.addProduct(x, b0)
      c11.addProduct(x, b1)
      x = V(repeating: pa[2])
      c20.addProduct(x, b0)
      c21.addProduct(x, b1)
      x = V(repeating: pa[3])
      c30.addProduct(x, b0)
      c31.addProduct(x, b1)
      if height > 4 {
        x = V(repeating: pa[4])
        c40.addProduct(x, b0)
        c41.addProduct(x, b1)
        x = V(repeating: pa[5])
        c50.addProduct(x, b0)
        c51.addProduct(x, b1)
        x = V(repeating: pa[6])
        c60.addProduct(x, b0)
        c61.addProduct(x, b1)
        x = V(repeating: pa[7])
        c70.addProduct(x, b0)
        c71.addProduct(x, b1)
      }
      if height > 8 {
        x = V(repeating: pa[8])
        c80.addProduct(x, b0)
        c81.addProduct(x, b1)
        x = V(repeating: pa[9])
        c90.addProduct(x, b0)
        c91.addProduct(x, b1)
        x = V(repeating: pa[10])
        ca0.addProduct(x, b0)
        ca1.addProduct(x, b1)
        x = V(repeating: pa[11])
        cb0.addProduct(x, b0)
        cb1.addProduct(x, b1)
      }
      pa += 12
      pb += bStride
    }
    if rows == height && cols == 32 {
      store(c00, c01, c, overwrite)
      store(c10, c11, c + ldc, overwrite)
      store(c20, c21, c + 2 * ldc, overwrite)
      store(c30, c31, c + 3 * ldc, overwrite)
      if height > 4 {
        store(c40, c41, c + 4 * ldc, overwrite)
        store(c50, c51, c + 5 * ldc, overwrite)
        store(c60, c61, c + 6 * ldc, overwrite)
        store(c70, c71, c + 7 * ldc, overwrite)
      }
      if height > 8 {
        store(c80, c81, c + 8 * ldc, overwrite)
        store(c90, c91, c + 9 * ldc, overwrite)
        store(ca0, ca1, c + 10 * ldc, overwrite)
        store(cb0, cb1, c + 11 * ldc, overwrite)
      }
      return
    }
    withUnsafeTemporaryAllocation(of: V.self, capacity: 24) { tile in
      tile[0] = c00
      tile[1] = c01
      tile[2] = c10
      tile[3] = c11
      tile[4] = c20
      tile[5] = c21
      tile[6] = c30
      tile[7] = c31
      tile[8] = c40
      tile[9] = c41
      tile[10] = c50
      tile[11] = c51
      tile[12] = c60
      tile[13] = c61
      tile[14] = c70
      tile[15] = c71
      tile[16] = c80
      tile[17] = c81
      tile[18] = c90
      tile[19] = c91
      tile[20] = ca0
      tile[21] = ca1
      tile[22] = cb0
      tile[23] = cb1
      let flat = UnsafeRawPointer(tile.baseAddress!).assumingMemoryBound(to: Float.self)
      for i in 0..<rows {
        let row = c + i * ldc
        let source = flat + i * 32
        if overwrite {
          for j in 0..<cols { row[j] = source[j] }
        } else {
          for j in 0..<cols { row[j] += source[j] }
        }
      }
    }
  }

  @inline(__always)
  static func store(
    _ low: SIMD16<Float>,
    _ high: SIMD16<Float>,
    _ c: UnsafeMutablePointer<Float>,
    _ overwrite: Bool
  ) {
    let raw = UnsafeMutableRawPointer(c)
    if overwrite {
      raw.storeBytes(of: low, as: SIMD16<Float>.self)
      raw.storeBytes(of: high, toByteOffset: 64, as: SIMD16<Float>.self)
    } else {
      raw.storeBytes(of: raw.loadUnaligned(as: SIMD16<Float>.self) + low, as: SIMD16<Float>.self)
      raw.storeBytes(
        of: raw.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self) + high,
        toByteOffset: 64,
        as: SIMD16<Float>.self
      )
    }
  }
}
