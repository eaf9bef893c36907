#if arch(x86_64) && canImport(_Builtin_intrinsics)
import _Builtin_intrinsics.intel
#endif

/// Element-wise training kernels on 512-bit registers, where measurement showed a gain.
///
/// Like everything in this target, these run only after the engine has checked the processor
/// (`MachineInfo.hasAVX512Kernels`). Each lane does the same IEEE operations, in the same
/// order, as the engine's eight-lane AVX2 loops (`vsqrtps` and `vdivps` are correctly rounded
/// at any width, and nothing is fused), so both give the same bits.
///
/// Only the Adam update is here: it divides and takes a square root per weight, and 16 lanes
/// at a time took 10 % less time than 8 for seed-mlp's 101,770 weights (28.7 against 31.6 µs
/// per step). SGD, ReLU and the other activations only stream memory, which is no faster in
/// wider registers on a processor that splits 512-bit operations into two 256-bit halves.
public enum AVX512Elementwise {
  /// Adam on the first `count / 16 · 16` elements: `m += (g − m)·oneMinusBeta1`,
  /// `v += (g² − v)·oneMinusBeta2`, `w −= rate·m / (√v + epsilon)`.
  ///
  /// - Returns: how many elements were updated (a multiple of 16); the caller does the rest.
  @inline(never)
  public static func adamStep(
    count: Int,
    weight pw: UnsafeMutableRawPointer,
    gradient pg: UnsafeRawPointer,
    m pm: UnsafeMutableRawPointer,
    v pv: UnsafeMutableRawPointer,
    rate: Float,
    oneMinusBeta1: Float,
    oneMinusBeta2: Float,
    epsilon: Float
  ) -> Int {
    #if arch(x86_64) && canImport(_Builtin_intrinsics)
    let end = count - count % 16
    var i = 0
    while i < end {
      let offset = i * 4
      let gi = pg.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
      var mi = pm.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
      var vi = pv.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
      let w = pw.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
      mi += (gi - mi) * oneMinusBeta1
      vi += (gi * gi - vi) * oneMinusBeta2
      pm.storeBytes(of: mi, toByteOffset: offset, as: SIMD16<Float>.self)
      pv.storeBytes(of: vi, toByteOffset: offset, as: SIMD16<Float>.self)
      let step = rate * mi / (_mm512_sqrt_ps(vi) + epsilon)
      pw.storeBytes(of: w - step, toByteOffset: offset, as: SIMD16<Float>.self)
      i += 16
    }
    return end
    #else
    return 0
    #endif
  }
}
