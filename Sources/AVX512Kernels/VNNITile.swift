#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// The int8 micro-kernel for processors with AVX-512 VNNI (`vpdpbusd`).
///
/// This target is compiled for Cascade Lake (AVX-512 with VNNI, see Package.swift), so nothing
/// in it may run before the engine has checked the processor: `Int8Gemm` calls it only when
/// `/proc/cpuinfo` lists every feature that build may use (`MachineInfo.hasAVX512Kernels`). `vpdpbusd` multiplies four unsigned
/// bytes by four signed bytes and adds the four products to an Int32 lane, exactly (no
/// intermediate saturation), 32 multiply-adds per 256-bit instruction.
public enum VNNITile {
  /// Whether this build contains the VNNI kernel (x86-64 only).
  public static var isCompiled: Bool {
    #if arch(x86_64) && canImport(_Builtin_intrinsics)
    return true
    #else
    return false
    #endif
  }

  /// `C[0..<6, 0..<16] = A·B` over `quads` groups of four `k`.
  ///
  /// `a` holds, per quad, six UInt32 words (one per row), each four unsigned bytes
  /// `A[i, 4q..<4q+4]` (lowest `k` in the lowest byte). `b` holds, per quad, 64 signed bytes:
  /// column `j`'s four values at `4j..<4j+4`. `c` is row-major with leading dimension `ldc`.
  @inline(never)
  public static func multiply(
    quads: Int,
    a: UnsafePointer<UInt32>,
    b: UnsafeRawPointer,
    c: UnsafeMutablePointer<Int32>,
    ldc: Int
  ) {
    #if arch(x86_64) && canImport(_Builtin_intrinsics)
    var c00 = __m256i()
    var c01 = __m256i()
    var c10 = __m256i()
    var c11 = __m256i()
    var c20 = __m256i()
    var c21 = __m256i()
    var c30 = __m256i()
    var c31 = __m256i()
    var c40 = __m256i()
    var c41 = __m256i()
    var c50 = __m256i()
    var c51 = __m256i()
    var pa = a
    var pb = b
    for _ in 0..<quads {
      let b0 = pb.loadUnaligned(as: __m256i.self)
      let b1 = pb.loadUnaligned(fromByteOffset: 32, as: __m256i.self)
      // The masked form with every lane selected is the plain `vpdpbusd`; the unmasked
      // intrinsic is a C macro, which Swift does not import.
      var x = _mm256_set1_epi32(Int32(bitPattern: pa[0]))
      c00 = _mm256_mask_dpbusd_epi32(c00, 0xFF, x, b0)
      c01 = _mm256_mask_dpbusd_epi32(c01, 0xFF, x, b1)
      x = _mm256_set1_epi32(Int32(bitPattern: pa[1]))
      c10 = _mm256_mask_dpbusd_epi32(c10, 0xFF, x, b0)
      c11 = _mm256_mask_dpbusd_epi32(c11, 0xFF, x, b1)
      x = _mm256_set1_epi32(Int32(bitPattern: pa[2]))
      c20 = _mm256_mask_dpbusd_epi32(c20, 0xFF, x, b0)
      c21 = _mm256_mask_dpbusd_epi32(c21, 0xFF, x, b1)
      x = _mm256_set1_epi32(Int32(bitPattern: pa[3]))
      c30 = _mm256_mask_dpbusd_epi32(c30, 0xFF, x, b0)
      c31 = _mm256_mask_dpbusd_epi32(c31, 0xFF, x, b1)
      x = _mm256_set1_epi32(Int32(bitPattern: pa[4]))
      c40 = _mm256_mask_dpbusd_epi32(c40, 0xFF, x, b0)
      c41 = _mm256_mask_dpbusd_epi32(c41, 0xFF, x, b1)
      x = _mm256_set1_epi32(Int32(bitPattern: pa[5]))
      c50 = _mm256_mask_dpbusd_epi32(c50, 0xFF, x, b0)
      c51 = _mm256_mask_dpbusd_epi32(c51, 0xFF, x, b1)
      pa += 6
      pb += 64
    }
    let raw = UnsafeMutableRawPointer(c)
    let row = ldc * 4
    raw.storeBytes(of: c00, as: __m256i.self)
    raw.storeBytes(of: c01, toByteOffset: 32, as: __m256i.self)
    raw.storeBytes(of: c10, toByteOffset: row, as: __m256i.self)
    raw.storeBytes(of: c11, toByteOffset: row + 32, as: __m256i.self)
    raw.storeBytes(of: c20, toByteOffset: 2 * row, as: __m256i.self)
    raw.storeBytes(of: c21, toByteOffset: 2 * row + 32, as: __m256i.self)
    raw.storeBytes(of: c30, toByteOffset: 3 * row, as: __m256i.self)
    raw.storeBytes(of: c31, toByteOffset: 3 * row + 32, as: __m256i.self)
    raw.storeBytes(of: c40, toByteOffset: 4 * row, as: __m256i.self)
    raw.storeBytes(of: c41, toByteOffset: 4 * row + 32, as: __m256i.self)
    raw.storeBytes(of: c50, toByteOffset: 5 * row, as: __m256i.self)
    raw.storeBytes(of: c51, toByteOffset: 5 * row + 32, as: __m256i.self)
    #else
    preconditionFailure("VNNITile.multiply needs an x86-64 build")
    #endif
  }
}
