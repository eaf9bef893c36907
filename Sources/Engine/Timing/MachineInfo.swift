import AVX512Kernels
import Foundation

/// What the machine offers for the kernels: cores and SIMD instruction sets.
///
/// Cores come from `ProcessInfo.activeProcessorCount`; SIMD flags from the `flags` line of
/// `/proc/cpuinfo` on Linux (empty elsewhere). The engine core is compiled for Haswell (AVX2 +
/// FMA); only the `AVX512Kernels` target, compiled for Cascade Lake, uses AVX-512, and only
/// when `hasAVX512Kernels` says this processor can run it (`Gemm.Kernel.best`,
/// `Int8Gemm.Kernel.best`).
public struct MachineInfo: Sendable, Equatable {
  /// Cores available to this process.
  public var activeCores: Int
  /// CPU model name, when known.
  public var cpuModel: String?
  /// SIMD-related flags present, in the order of `MachineInfo.knownFlags`.
  public var simdFlags: [String]

  /// Flags reported, widest last within each family.
  public static let knownFlags = [
    "sse2", "sse4_1", "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512dq", "avx512cd",
    "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "avx_vnni", "amx_tile", "neon", "asimd",
    "asimddp", "sve",
  ]

  /// Every feature a Cascade Lake build (the `AVX512Kernels` target) may use, as
  /// `/proc/cpuinfo` names them: AVX-512 F, DQ, CD, BW, VL and VNNI on top of what Haswell
  /// has (AVX2, FMA, F16C, BMI1/2, LZCNT (`abm`), MOVBE, POPCNT).
  public static let avx512KernelFlags = [
    "avx2", "fma", "f16c", "bmi1", "bmi2", "abm", "movbe", "popcnt", "avx512f", "avx512dq",
    "avx512cd", "avx512bw", "avx512vl", "avx512_vnni",
  ]

  public init(activeCores: Int, cpuModel: String?, simdFlags: [String]) {
    self.activeCores = activeCores
    self.cpuModel = cpuModel
    self.simdFlags = simdFlags
  }

  /// Reads the current machine.
  public static func current() -> MachineInfo {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
    return parse(cpuinfo: text ?? "", cores: cores)
  }

  /// Parses `/proc/cpuinfo` text (first processor only).
  public static func parse(cpuinfo: String, cores: Int) -> MachineInfo {
    var model: String?
    var flags = Set<String>()
    var avx512Ready = false
    for line in cpuinfo.split(separator: "\n") {
      let parts = line.split(separator: ":", maxSplits: 1)
      guard parts.count == 2 else { continue }
      let key = parts[0].trimmingCharacters(in: .whitespaces)
      let value = parts[1].trimmingCharacters(in: .whitespaces)
      if model == nil && (key == "model name" || key == "Model") { model = value }
      if flags.isEmpty && (key == "flags" || key == "Features") {
        flags = Set(value.split(separator: " ").map(String.init))
        avx512Ready = avx512KernelFlags.allSatisfy(flags.contains)
      }
    }
    var info = MachineInfo(
      activeCores: cores,
      cpuModel: model,
      simdFlags: knownFlags.filter { flags.contains($0) }
    )
    info.hasAVX512KernelFeatures = avx512Ready
    return info
  }

  /// Whether the processor lists every flag of `avx512KernelFlags` (set by `parse`; `false`
  /// for a value built by hand).
  public var hasAVX512KernelFeatures = false

  /// Whether the `AVX512Kernels` target (built for Cascade Lake) may run here: the processor
  /// has every feature that build may use, and this build contains those kernels.
  public var hasAVX512Kernels: Bool {
    hasAVX512KernelFeatures && AVX512FloatGemm.isCompiled
  }

  /// Whether the int8 kernels can use AVX-512 VNNI (`vpdpbusd`), which lives in the
  /// `AVX512Kernels` target (see `hasAVX512Kernels`).
  public var hasInt8DotProduct: Bool {
    hasAVX512Kernels && VNNITile.isCompiled
  }

  /// The widest vector extension: `AVX-512`, `AVX2`, `SSE4.2`, `NEON`, or `scalar`.
  public var simdLevel: String {
    let has = Set(simdFlags)
    if has.contains("avx512f") { return "AVX-512" }
    if has.contains("avx2") { return has.contains("fma") ? "AVX2+FMA" : "AVX2" }
    if has.contains("avx") { return "AVX" }
    if has.contains("sse4_2") { return "SSE4.2" }
    if has.contains("sve") { return "SVE" }
    if has.contains("asimd") || has.contains("neon") { return "NEON" }
    if has.contains("sse2") { return "SSE2" }
    return "scalar"
  }
}
