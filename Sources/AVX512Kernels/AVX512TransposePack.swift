#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// Packs lines that are contiguous along the depth into depth-major panels, four lines at a
/// time, with 512-bit permutes instead of one scalar load and store per value.
///
/// The GEMM's panels want, for each depth step `p`, the values of `lines` consecutive rows of A
/// (or columns of B) side by side. When those rows are row-major (A not transposed, or B
/// transposed) each line is contiguous along `p`, so filling the panel is a transpose. For
/// four lines and sixteen steps, two rounds of two-source permutes turn the four loaded
/// vectors into four vectors holding four steps × four lines, and a masked store puts each
/// 128-bit piece in place. Only data moves, so results are bit-identical to the scalar copy.
enum AVX512TransposePack {
  /// Writes `packed[p·lines + line] = source[line·lineStride + p]` for every step and line.
  ///
  /// `p` runs over `0..<depth`, `line` over `0..<lines`; `lines` is a multiple of 4.
  @inline(__always)
  static func pack(
    lines: Int,
    depth: Int,
    source: UnsafePointer<Float>,
    lineStride: Int,
    into packed: UnsafeMutablePointer<Float>
  ) {
    var p = 0
    #if arch(x86_64) && canImport(_Builtin_intrinsics)
    let interleaveLow = Self.index { ($0 & 1) == 0 ? $0 / 2 : 16 + $0 / 2 }
    let interleaveHigh = Self.index { ($0 & 1) == 0 ? 8 + $0 / 2 : 24 + $0 / 2 }
    // From (a b interleaved, c d interleaved) to [a b c d] per step: step j of a half is at
    // 2j (a), 2j+1 (b) of the first source and 16+2j, 16+2j+1 of the second.
    let firstFour = Self.index { lane in
      let (j, r) = lane.quotientAndRemainder(dividingBy: 4)
      return (r < 2 ? 0 : 16) + 2 * j + (r & 1)
    }
    let secondFour = Self.index { lane in
      let (j, r) = lane.quotientAndRemainder(dividingBy: 4)
      return (r < 2 ? 0 : 16) + 2 * (j + 4) + (r & 1)
    }
    while p + 16 <= depth {
      var group = 0
      while group < lines {
        let line = source + group * lineStride + p
        let a = _mm512_loadu_ps(line)
        let b = _mm512_loadu_ps(line + lineStride)
        let c = _mm512_loadu_ps(line + 2 * lineStride)
        let d = _mm512_loadu_ps(line + 3 * lineStride)
        let abLow = _mm512_permutex2var_ps(a, interleaveLow, b)
        let abHigh = _mm512_permutex2var_ps(a, interleaveHigh, b)
        let cdLow = _mm512_permutex2var_ps(c, interleaveLow, d)
        let cdHigh = _mm512_permutex2var_ps(c, interleaveHigh, d)
        // Lane group L of the q-th result holds step 4q + L; it goes to row p + 4q + L.
        let base = packed + p * lines + group
        store(_mm512_permutex2var_ps(abLow, firstFour, cdLow), first: 0, base: base, lines: lines)
        store(_mm512_permutex2var_ps(abLow, secondFour, cdLow), first: 4, base: base, lines: lines)
        store(_mm512_permutex2var_ps(abHigh, firstFour, cdHigh), first: 8, base: base, lines: lines)
        store(
          _mm512_permutex2var_ps(abHigh, secondFour, cdHigh),
          first: 12,
          base: base,
          lines: lines
        )
        group += 4
      }
      p += 16
    }
    #endif
    while p < depth {
      let row = packed + p * lines
      for line in 0..<lines { row[line] = source[line * lineStride + p] }
      p += 1
    }
  }

  #if arch(x86_64) && canImport(_Builtin_intrinsics)
  /// Stores the four 128-bit lane groups of `steps` (steps `first` … `first + 3`, four lines
  /// each) at rows `first + L` of the panel, with one masked store each.
  @inline(__always)
  private static func store(
    _ steps: __m512,
    first: Int,
    base: UnsafeMutablePointer<Float>,
    lines: Int
  ) {
    for lane in 0..<4 {
      _mm512_mask_storeu_ps(
        base + (first + lane) * lines - 4 * lane,
        UInt16(0xF) << UInt16(4 * lane),
        steps
      )
    }
  }

  /// A permute index vector whose lane `i` is `lane(i)`.
  @inline(__always)
  private static func index(_ lane: (Int32) -> Int32) -> __m512i {
    var lanes = SIMD16<Int32>()
    for i in 0..<16 { lanes[i] = lane(Int32(i)) }
    return unsafeBitCast(lanes, to: __m512i.self)
  }
  #endif
}
