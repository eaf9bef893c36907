#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// Lane-wise operations the standard library's SIMD types compile to one scalar call per lane.
///
/// On x86-64 these map to single AVX instructions through Clang's intrinsics module (the engine
/// is built for Haswell, see Package.swift); elsewhere they fall back to the lane loop. Both
/// paths give the IEEE-correctly-rounded result, so numbers do not depend on the path.
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
}
