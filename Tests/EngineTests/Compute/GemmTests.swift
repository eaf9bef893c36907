import Testing

@testable import Engine

@Suite("GEMM")
struct GemmTests {
  /// The kernels this processor runs: both on an AVX-512 machine, the AVX2 tile elsewhere.
  static let kernels = Gemm.Kernel.allCases.filter(\.isAvailable)

  static func reference(_ a: Tensor, _ b: Tensor, _ ta: Bool, _ tb: Bool) -> [Double] {
    let m = ta ? a.shape[1] : a.shape[0]
    let k = ta ? a.shape[0] : a.shape[1]
    let n = tb ? b.shape[0] : b.shape[1]
    var c = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        var s = 0.0
        for p in 0..<k {
          let av = ta ? a.scalars[p * a.shape[1] + i] : a.scalars[i * a.shape[1] + p]
          let bv = tb ? b.scalars[j * b.shape[1] + p] : b.scalars[p * b.shape[1] + j]
          s += Double(av) * Double(bv)
        }
        c[i * n + j] = s
      }
    }
    return c
  }

  static func random(_ shape: [Int], seed: UInt64) -> Tensor {
    var g = SeededGenerator(seed: seed)
    return Tensor(
      shape: shape,
      scalars: (0..<shape.reduce(1, *)).map { _ in g.nextUnitFloat() - 0.5 }
    )
  }

  /// The largest difference a float sum over `k` products of values in [-0.5, 0.5] may show.
  static func tolerance(_ k: Int) -> Double { 1e-4 * Double(k).squareRoot() + 1e-6 }

  @Test(
    "matches a Double reference with every kernel",
    arguments: [
      (1, 1, 1), (3, 5, 7), (6, 16, 4), (7, 17, 300), (33, 130, 70), (100, 40, 513), (2, 50, 9),
      (64, 10, 128), (32, 40, 784), (20, 16, 600), (5, 33, 257), (12, 32, 192), (13, 33, 193),
      (25, 65, 385), (4, 70, 40), (37, 31, 11), (130, 97, 200),
    ]
  )
  func matchesReference(shape: (Int, Int, Int)) {
    let (m, n, k) = shape
    for kernel in Self.kernels {
      for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
        let a = Self.random(ta ? [k, m] : [m, k], seed: 1)
        let b = Self.random(tb ? [n, k] : [k, n], seed: 2)
        let expected = Self.reference(a, b, ta, tb)
        for threads in [1, 2] {
          let c = Gemm.matmul(
            a,
            b,
            transposeA: ta,
            transposeB: tb,
            threads: threads,
            kernel: kernel
          )
          #expect(c.shape == [m, n])
          let worst = zip(c.scalars, expected).map { abs(Double($0) - $1) }.max() ?? 0
          #expect(worst < Self.tolerance(k), "\(kernel) \(shape) ta \(ta) tb \(tb) \(threads)")
        }
      }
    }
  }

  @Test("accumulate adds to C")
  func accumulates() {
    let a = Self.random([8, 8], seed: 3)
    let b = Self.random([8, 8], seed: 4)
    let once = Gemm.matmul(a, b)
    var c = once.scalars
    a.scalars.withUnsafeBufferPointer { pa in
      b.scalars.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          Gemm.multiply(
            m: 8,
            n: 8,
            k: 8,
            a: pa.baseAddress!,
            aRowStride: 8,
            aColumnStride: 1,
            b: pb.baseAddress!,
            bRowStride: 8,
            bColumnStride: 1,
            c: pc.baseAddress!,
            ldc: 8,
            accumulate: true
          )
        }
      }
    }
    for i in 0..<64 { #expect(abs(c[i] - 2 * once.scalars[i]) < 1e-5) }
  }

  /// `C (+)= op(A)·op(B)` into a sub-block of a wider C (`ldc > n`), with strides, for each
  /// kernel, thread count and transpose; C's other columns must stay as they were.
  @Test(
    "strided, transposed and accumulating products match the reference with every kernel",
    arguments: [(3, 5, 7), (14, 45, 200), (40, 70, 390), (97, 33, 50), (2, 40, 30), (75, 200, 230)]
  )
  func stridedAccumulate(shape: (Int, Int, Int)) {
    let (m, n, k) = shape
    let ldc = n + 5
    for kernel in Self.kernels {
      for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
        let a = Self.random(ta ? [k, m] : [m, k], seed: 11)
        let b = Self.random(tb ? [n, k] : [k, n], seed: 12)
        let start = Self.random([m, ldc], seed: 13).scalars
        let product = Self.reference(a, b, ta, tb)
        for threads in [1, 2] {
          for accumulate in [false, true] {
            var c = start
            a.scalars.withUnsafeBufferPointer { pa in
              b.scalars.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                  Gemm.multiply(
                    m: m,
                    n: n,
                    k: k,
                    a: pa.baseAddress!,
                    aRowStride: ta ? 1 : k,
                    aColumnStride: ta ? m : 1,
                    b: pb.baseAddress!,
                    bRowStride: tb ? 1 : n,
                    bColumnStride: tb ? k : 1,
                    c: pc.baseAddress!,
                    ldc: ldc,
                    accumulate: accumulate,
                    threads: threads,
                    kernel: kernel
                  )
                }
              }
            }
            var worst = 0.0
            for i in 0..<m {
              for j in 0..<ldc {
                let got = Double(c[i * ldc + j])
                if j >= n {
                  #expect(c[i * ldc + j] == start[i * ldc + j], "column \(j) outside C changed")
                  continue
                }
                let expected = product[i * n + j] + (accumulate ? Double(start[i * ldc + j]) : 0)
                worst = max(worst, abs(got - expected))
              }
            }
            #expect(
              worst < Self.tolerance(k),
              "\(kernel) \(shape) ta \(ta) tb \(tb) threads \(threads) accumulate \(accumulate)"
            )
          }
        }
      }
    }
  }

  @Test("results are bit-identical for 1, 2 and 3 threads with every kernel")
  func threadDeterminism() {
    for kernel in Self.kernels {
      // Rows split (tall C), columns split (wide C; from 64 rows A is packed once, shared),
      // and few rows (B read in place).
      let shapes = [
        (97, 300, 70), (30, 500, 100), (256, 784, 512), (100, 300, 512), (400, 65, 40), (3, 90, 80),
      ]
      for (m, k, n) in shapes {
        let a = Self.random([m, k], seed: 5)
        let b = Self.random([k, n], seed: 6)
        let one = Gemm.matmul(a, b, threads: 1, kernel: kernel)
        #expect(one == Gemm.matmul(a, b, threads: 2, kernel: kernel), "\(kernel) \(m)x\(k)x\(n)")
        #expect(one == Gemm.matmul(a, b, threads: 3, kernel: kernel), "\(kernel) \(m)x\(k)x\(n)")
      }
    }
  }

  /// Packing moves data only, so a transposed operand must give exactly the bits of the same
  /// values laid out plainly: this checks the permute-based packing of row-major A and
  /// transposed B (depths with and without a tail of fewer than 16 steps).
  @Test(
    "transposed and plain layouts of the same operands give bit-identical products",
    arguments: [(96, 64, 256), (40, 70, 390), (13, 33, 17), (256, 784, 512)]
  )
  func layoutsGiveTheSameBits(shape: (Int, Int, Int)) {
    let (m, n, k) = shape
    for kernel in Self.kernels {
      let a = Self.random([m, k], seed: 21)
      let b = Self.random([k, n], seed: 22)
      var aT = [Float](repeating: 0, count: m * k)
      var bT = [Float](repeating: 0, count: k * n)
      for i in 0..<m { for p in 0..<k { aT[p * m + i] = a.scalars[i * k + p] } }
      for p in 0..<k { for j in 0..<n { bT[j * k + p] = b.scalars[p * n + j] } }
      let plain = Gemm.matmul(a, b, threads: 1, kernel: kernel).scalars
      for (ta, tb) in [(true, false), (false, true), (true, true)] {
        var c = [Float](repeating: 0, count: m * n)
        (ta ? aT : a.scalars).withUnsafeBufferPointer { pa in
          (tb ? bT : b.scalars).withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
              Gemm.multiply(
                m: m,
                n: n,
                k: k,
                a: pa.baseAddress!,
                aRowStride: ta ? 1 : k,
                aColumnStride: ta ? m : 1,
                b: pb.baseAddress!,
                bRowStride: tb ? 1 : n,
                bColumnStride: tb ? k : 1,
                c: pc.baseAddress!,
                ldc: n,
                threads: 1,
                kernel: kernel
              )
            }
          }
        }
        let identical = c == plain
        #expect(identical, "\(kernel) \(m)x\(n)x\(k) transposeA \(ta) transposeB \(tb)")
      }
    }
  }

  @Test("the AVX-512 and AVX2 kernels agree within float rounding")
  func kernelsAgree() throws {
    try #require(
      Gemm.Kernel.avx512.isAvailable,
      "this processor cannot run the AVX-512 kernel; only the AVX2 kernel is tested here"
    )
    for (m, k, n) in [(256, 784, 512), (32, 784, 128), (784, 32, 128), (1, 128, 10), (50, 7, 3)] {
      let a = Self.random([m, k], seed: 9)
      let b = Self.random([k, n], seed: 10)
      let wide = Gemm.matmul(a, b, kernel: .avx512)
      let narrow = Gemm.matmul(a, b, kernel: .avx2)
      let worst = zip(wide.scalars, narrow.scalars).map { abs($0 - $1) }.max() ?? 0
      #expect(Double(worst) < Self.tolerance(k))
    }
  }

  @Test("the kernel is chosen from the processor, and GOLDILOCKS_FLOAT_KERNEL=avx2 forces AVX2")
  func kernelChoice() {
    #expect(Gemm.Kernel.choose(avx512Runs: true, requested: nil) == .avx512)
    #expect(Gemm.Kernel.choose(avx512Runs: false, requested: nil) == .avx2)
    #expect(Gemm.Kernel.choose(avx512Runs: true, requested: "avx2") == .avx2)
    #expect(Gemm.Kernel.choose(avx512Runs: true, requested: "AVX2") == .avx2)
    // A processor without AVX-512 never runs it, whatever is asked; unknown names are ignored.
    #expect(Gemm.Kernel.choose(avx512Runs: false, requested: "avx512") == .avx2)
    #expect(Gemm.Kernel.choose(avx512Runs: true, requested: "sse9") == .avx512)
    #expect(Gemm.Kernel.avx2.isAvailable)
    #expect(Gemm.Kernel.best.isAvailable)
  }
}
