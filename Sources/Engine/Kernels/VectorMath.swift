#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// Lane-wise operations the standard library's SIMD types compile to one scalar call per lane.
///
/// On x86-64 these map to single AVX instructions through Clang's intrinsics module (the engine
/// is built for Haswell, see Package.swift); elsewhere they fall back to the lane loop. Both
/// paths give the same, correctly rounded result, so numbers do not depend on the path.
enum VectorMath {
  /// The square root of each lane, correctly rounded.
  @inline(__always)
  static func squareRoot(_ x: SIMD8<Float>) -> SIMD8<Float> {
    #if arch(x86_64) && canImport(_Builtin_intrinsics)
    return _mm256_sqrt_ps(x)
    #else
    return x.squareRoot()
    #endif
  }

  /// Each lane converted to Float (round to nearest even for magnitudes above 2^24).
  @inline(__always)
  static func float(_ x: SIMD8<Int32>) -> SIMD8<Float> {
    #if arch(x86_64) && canImport(_Builtin_intrinsics)
    return _mm256_cvtepi32_ps(unsafeBitCast(x, to: __m256i.self))
    #else
    return SIMD8<Float>(x)
    #endif
  }

  /// Each lane clamped to `[low, high]`, NaN lanes kept: the standard library's
  /// `clamped(lowerBound:upperBound:)` as two instructions (the generic form compiles to
  /// calls of `pointwiseMin`/`pointwiseMax`).
  @inline(__always)
  static func clamped(_ x: SIMD8<Float>, low: Float, high: Float) -> SIMD8<Float> {
    #if arch(x86_64) && canImport(_Builtin_intrinsics)
    // vmaxps/vminps return their second operand when either is NaN: x goes second.
    return _mm256_min_ps(SIMD8(repeating: high), _mm256_max_ps(SIMD8(repeating: low), x))
    #else
    return x.clamped(lowerBound: SIMD8(repeating: low), upperBound: SIMD8(repeating: high))
    #endif
  }

  /// Each lane clamped to `[low, high]`, then rounded half to even to Int32.
  ///
  /// NaN lanes become `0` before clamping. `low` and `high` must be integers within Int32.
  @inline(__always)
  static func clampedRoundedInt32(_ x: SIMD8<Float>, low: Float, high: Float) -> SIMD8<Int32> {
    #if arch(x86_64) && canImport(_Builtin_intrinsics)
    // vmaxps returns its second operand when the first is NaN, so NaN goes to 0 first.
    let finite = x.replacing(with: 0, where: x .!= x)
    let bounded = _mm256_min_ps(
      _mm256_max_ps(finite, SIMD8(repeating: low)),
      SIMD8(repeating: high)
    )
    // vcvtps2dq rounds with the current mode, which Swift leaves at round-half-to-even.
    return unsafeBitCast(_mm256_cvtps_epi32(bounded), to: SIMD8<Int32>.self)
    #else
    var result = SIMD8<Int32>()
    for lane in 0..<8 {
      let value = x[lane] == x[lane] ? x[lane] : 0
      result[lane] = Int32(Swift.min(Swift.max(value, low), high).rounded(.toNearestOrEven))
    }
    return result
    #endif
  }
}
