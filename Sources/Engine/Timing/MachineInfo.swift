import Foundation
import VNNIKernels

/// What the machine offers for the kernels: cores and SIMD instruction sets.
///
/// Cores come from `ProcessInfo.activeProcessorCount`; SIMD flags from the `flags` line of
/// `/proc/cpuinfo` on Linux (empty elsewhere). Note the kernels use what the compiler targeted,
/// not what the CPU offers: a generic x86-64 build uses SSE2 even on an AVX-512 machine.
public struct MachineInfo: Sendable, Equatable {
  /// Cores available to this process.
  public var activeCores: Int
  /// CPU model name, when known.
  public var cpuModel: String?
  /// SIMD-related flags present, in the order of `MachineInfo.knownFlags`.
  public var simdFlags: [String]

  /// Flags reported, widest last within each family.
  public static let knownFlags = [
    "sse2", "sse4_1", "sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl",
    "avx512_vnni", "avx512_bf16", "avx_vnni", "amx_tile", "neon", "asimd", "asimddp", "sve",
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
    for line in cpuinfo.split(separator: "\n") {
      let parts = line.split(separator: ":", maxSplits: 1)
      guard parts.count == 2 else { continue }
      let key = parts[0].trimmingCharacters(in: .whitespaces)
      let value = parts[1].trimmingCharacters(in: .whitespaces)
      if model == nil && (key == "model name" || key == "Model") { model = value }
      if flags.isEmpty && (key == "flags" || key == "Features") {
        flags = Set(value.split(separator: " ").map(String.init))
      }
    }
    return MachineInfo(
      activeCores: cores,
      cpuModel: model,
      simdFlags: knownFlags.filter { flags.contains($0) }
    )
  }

  /// The instruction set the float kernels were compiled for (not what the CPU offers).
  public static var floatKernelTarget: String {
    #if arch(x86_64)
    return "AVX2 + FMA"
    #elseif arch(arm64)
    return "NEON"
    #else
    return "portable SIMD"
    #endif
  }

  /// Whether the int8 kernels can use AVX-512 VNNI (`vpdpbusd` on 256-bit registers needs
  /// `avx512_vnni` and `avx512vl`), and this build contains that kernel.
  public var hasInt8DotProduct: Bool {
    simdFlags.contains("avx512_vnni") && simdFlags.contains("avx512vl") && VNNITile.isCompiled
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
