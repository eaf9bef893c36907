import Testing

@testable import Engine

/// A clock that advances by a scripted duration each time it is read twice (start, end).
final class ScriptedClock: Clock, @unchecked Sendable {
  // @unchecked Sendable: used from one test thread only.
  struct Instant: InstantProtocol {
    var offset: Duration
    func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
    func duration(to other: Instant) -> Duration { other.offset - offset }
    static func < (a: Instant, b: Instant) -> Bool { a.offset < b.offset }
  }
  var current = Instant(offset: .zero)
  var steps: [Duration]
  var reads = 0
  init(steps: [Duration]) { self.steps = steps }
  var now: Instant {
    reads += 1
    if reads % 2 == 0 && !steps.isEmpty { current = current.advanced(by: steps.removeFirst()) }
    return current
  }
  var minimumResolution: Duration { .nanoseconds(1) }
  func sleep(until deadline: Instant, tolerance: Duration?) async throws {}
}

@Suite("Timing")
struct TimingTests {
  @Test("percentiles interpolate linearly, as numpy's default")
  func percentiles() {
    let report = LatencyReport(samples: (1...10).map { .milliseconds($0) }, batchSize: 4)
    #expect(abs(LatencyReport.seconds(report.p50) - 0.0055) < 1e-12)
    #expect(abs(LatencyReport.seconds(report.p95) - 0.00955) < 1e-12)
    #expect(abs(LatencyReport.seconds(report.p99) - 0.00991) < 1e-12)
    #expect(report.minimum == .milliseconds(1) && report.maximum == .milliseconds(10))
    #expect(abs(report.throughputPerSecond - 4 / 0.0055) < 1e-6)
  }

  @Test("benchmark warms up, then times each run with the injected clock")
  func benchmark() {
    let clock = ScriptedClock(steps: [.milliseconds(3), .milliseconds(1), .milliseconds(2)])
    var calls = 0
    let report = LatencyBenchmark(warmUp: 2, runs: 3, batchSize: 1, clock: clock).measure {
      calls += 1
    }
    #expect(calls == 5)
    #expect(report.samples == [.milliseconds(3), .milliseconds(1), .milliseconds(2)])
    #expect(report.p50 == .milliseconds(2))
  }

  @Test("machine info parses /proc/cpuinfo flags")
  func machine() {
    let info = MachineInfo.parse(
      cpuinfo: "processor\t: 0\nmodel name\t: Test CPU\nflags\t\t: fpu sse2 avx avx2 fma\n",
      cores: 2
    )
    #expect(info.cpuModel == "Test CPU" && info.activeCores == 2)
    #expect(info.simdFlags == ["sse2", "avx", "avx2", "fma"])
    #expect(info.simdLevel == "AVX2+FMA")
    #expect(MachineInfo.current().activeCores >= 1)
    #expect(!info.hasAVX512KernelFeatures && !info.hasAVX512Kernels && !info.hasInt8DotProduct)
  }

  @Test("the AVX-512 kernels need every feature a Cascade Lake build may use")
  func avx512Features() {
    let all = MachineInfo.avx512KernelFlags.joined(separator: " ")
    let full = MachineInfo.parse(cpuinfo: "flags\t\t: fpu sse2 avx \(all)\n", cores: 1)
    #expect(full.hasAVX512KernelFeatures)
    #if arch(x86_64)
    #expect(full.hasAVX512Kernels && full.hasInt8DotProduct)
    #endif
    // AVX-512 F, BW and VL alone are not enough: the build may also emit DQ, CD or VNNI.
    for missing in ["avx512dq", "avx512cd", "avx512_vnni", "bmi2", "avx512bw"] {
      let flags = MachineInfo.avx512KernelFlags.filter { $0 != missing }.joined(separator: " ")
      let info = MachineInfo.parse(cpuinfo: "flags\t\t: \(flags)\n", cores: 1)
      #expect(!info.hasAVX512Kernels && !info.hasInt8DotProduct, "without \(missing)")
      #expect(info.simdLevel == "AVX-512" || missing == "avx512f")
    }
  }
}
