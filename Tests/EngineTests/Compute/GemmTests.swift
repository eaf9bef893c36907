import Testing

@testable import Engine

@Suite("GEMM")
struct GemmTests {
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

  @Test(
    "matches a Double reference",
    arguments: [
      (1, 1, 1), (3, 5, 7), (6, 16, 4), (7, 17, 300), (33, 130, 70), (100, 40, 513), (2, 50, 9),
      (64, 10, 128), (32, 40, 784), (20, 16, 600), (5, 33, 257),
    ]
  )
  func matchesReference(shape: (Int, Int, Int)) {
    let (m, n, k) = shape
    for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
      let a = Self.random(ta ? [k, m] : [m, k], seed: 1)
      let b = Self.random(tb ? [n, k] : [k, n], seed: 2)
      let c = Gemm.matmul(a, b, transposeA: ta, transposeB: tb)
      let expected = Self.reference(a, b, ta, tb)
      #expect(c.shape == [m, n])
      let worst = zip(c.scalars, expected).map { abs(Double($0) - $1) }.max() ?? 0
      #expect(worst < 1e-4 * Double(k).squareRoot() + 1e-6)
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

  @Test("results are bit-identical for 1 and 2 threads")
  func threadDeterminism() {
    let a = Self.random([97, 300], seed: 5)
    let b = Self.random([300, 70], seed: 6)
    let one = Gemm.matmul(a, b, threads: 1)
    let two = Gemm.matmul(a, b, threads: 2)
    let three = Gemm.matmul(a, b, threads: 3)
    #expect(one == two)
    #expect(one == three)
    // Few rows: B is read in place rather than packed, on each thread's columns.
    let few = Self.random([30, 500], seed: 7)
    let wide = Self.random([500, 100], seed: 8)
    #expect(Gemm.matmul(few, wide, threads: 1) == Gemm.matmul(few, wide, threads: 2))
  }
}
