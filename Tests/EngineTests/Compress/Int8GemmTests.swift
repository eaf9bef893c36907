import Engine
import Foundation
import Testing

@Suite("Int8 GEMM")
struct Int8GemmTests {
  /// The kernels this machine can run (VNNI only where the processor has it).
  static let kernels = Int8Gemm.Kernel.allCases.filter {
    $0 != .dotProduct || MachineInfo.current().hasInt8DotProduct
  }

  @Test(
    "equals the naive triple loop bit for bit",
    arguments: [
      (1, 1, 1), (1, 7, 3), (3, 5, 9), (4, 8, 8), (5, 17, 13), (37, 64, 70), (64, 784, 33),
      (129, 255, 65), (64, 784, 512), (7, 10, 300),
    ]
  )
  func matchesNaive(shape: (Int, Int, Int)) throws {
    let (m, k, n) = shape
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(m * 1_000_003 + k * 1009 + n)
    let a = (0..<(m * k)).map { _ in randomInt8(&state) }
    let b = (0..<(k * n)).map { _ in randomInt8(&state) }
    let expected = Int8Gemm.naiveMultiply(a, b, m: m, k: k, n: n)
    for kernel in Self.kernels {
      for threads in [1, 2, 3] {
        let c = try Int8Gemm.multiply(a, b, m: m, k: k, n: n, threads: threads, kernel: kernel)
        #expect(c == expected, "\(kernel), \(threads) thread(s)")
      }
    }
  }

  @Test("extreme values accumulate without overflow")
  func extremes() throws {
    let m = 5
    let k = 1001
    let n = 9
    let a = [Int8](repeating: -128, count: m * k)
    let b = [Int8](repeating: -128, count: k * n)
    for kernel in Self.kernels {
      let c = try Int8Gemm.multiply(a, b, m: m, k: k, n: n, kernel: kernel)
      #expect(c.allSatisfy { $0 == 16384 * Int32(k) }, "\(kernel)")
    }
    let mixed = (0..<(m * k)).map { Int8($0 % 2 == 0 ? 127 : -128) }
    let expected = Int8Gemm.naiveMultiply(mixed, b, m: m, k: k, n: n)
    for kernel in Self.kernels {
      #expect(try Int8Gemm.multiply(mixed, b, m: m, k: k, n: n, kernel: kernel) == expected)
    }
  }

  @Test("the packed matrix's column sums")
  func columnSums() throws {
    let b: [Int8] = [1, -2, 3, 4, -5, 6, 7, 8, -9]
    for kernel in Int8Gemm.Kernel.allCases {
      let packed = try Int8Gemm.PackedMatrix(b, rows: 3, columns: 3, kernel: kernel)
      #expect(packed.columnSums == [12, 1, 0])
    }
  }

  @Test("a shape mismatch is a learner-facing error")
  func mismatch() {
    #expect(throws: CompressionError.self) {
      _ = try Int8Gemm.multiply([1, 2, 3], [1, 2], m: 2, k: 2, n: 1)
    }
  }

  @Test(
    "throughput at 256×784×512",
    .enabled(if: ProcessInfo.processInfo.environment["GOLDILOCKS_BENCH"] != nil)
  )
  func throughput() throws {
    let (m, k, n) = (256, 784, 512)
    var state: UInt64 = 42
    let a = (0..<(m * k)).map { _ in randomInt8(&state) }
    let b = (0..<(k * n)).map { _ in randomInt8(&state) }
    let packed = try Int8Gemm.PackedMatrix(b, rows: k, columns: n)
    // Every product sum is below 2^24, so the float loop is exact: the timed kernel must
    // give the same numbers, on one thread and on two.
    let reference = floatReference(a.map(Float.init), b.map(Float.init), m: m, k: k, n: n)
    for threads in [1, 2] {
      var best = Double.infinity
      var product: [Int32] = []
      for _ in 0..<10 {
        let start = DispatchTime.now().uptimeNanoseconds
        product = try Int8Gemm.multiply(a, packed, m: m, threads: threads)
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      }
      #expect(product.map(Float.init) == reference)
      let gops = 2.0 * Double(m * k * n) / best / 1e9
      #expect(gops.isFinite && gops > 0)
      print("int8 GEMM \(m)x\(k)x\(n) threads=\(threads): \(best * 1e3) ms, \(gops) GOPS")
    }
    var best = Double.infinity
    let af = a.map(Float.init)
    let bf = b.map(Float.init)
    for _ in 0..<5 {
      let start = DispatchTime.now().uptimeNanoseconds
      _ = floatReference(af, bf, m: m, k: k, n: n)
      best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    print(
      "fp32 SIMD8 i-k-j loop, 1 thread: \(best * 1e3) ms, \(2.0 * Double(m * k * n) / best / 1e9) GFLOPS"
    )
  }
}

/// A plain vectorizable fp32 loop, to compare the integer kernel with.
func floatReference(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int) -> [Float] {
  var c = [Float](repeating: 0, count: m * n)
  a.withUnsafeBufferPointer { a in
    b.withUnsafeBufferPointer { b in
      c.withUnsafeMutableBufferPointer { c in
        for i in 0..<m {
          for p in 0..<k {
            let value = a[i * k + p]
            for j in 0..<n { c[i * n + j] += value * b[p * n + j] }
          }
        }
      }
    }
  }
  return c
}

/// SplitMix64 step mapped to an Int8, for reproducible test data.
func randomInt8(_ state: inout UInt64) -> Int8 {
  Int8(truncatingIfNeeded: splitMix(&state) >> 56)
}

/// One SplitMix64 step.
func splitMix(_ state: inout UInt64) -> UInt64 {
  state &+= 0x9E37_79B9_7F4A_7C15
  var z = state
  z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
  z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
  return z ^ (z >> 31)
}

/// A uniform Float in [−1, 1) from SplitMix64.
func randomFloat(_ state: inout UInt64) -> Float {
  Float(splitMix(&state) >> 40) / Float(1 << 23) - 1
}
