import Engine
import Foundation
import SpecLanguage
import Testing

/// Hostile specs: none may trap, and every error is one line.
///
/// Misplaced embeddings, line breaks, huge and zero sizes, long specs, and a seeded fuzz of
/// random terms and punctuation.
@Suite struct SpecHardeningTests {
  @Test(arguments: [
    ("input(1) softmax embedding(1,1)", 3, "softmax"),
    ("input(4) layernorm embedding(2,1) flatten dense(3)", 3, "layernorm"),
    ("input(16) embedding(10,4) embedding(10,4)", 3, "embedding"),
    ("input(8) dense(4) transformerembedding(100,8)", 3, "dense"),
  ])
  func anEmbeddingWhoseInputIsNotTokenIdsIsRefusedAtItsTerm(
    spec: String,
    term: Int,
    previous: String
  ) {
    do {
      _ = try ModelSpec.parse(spec)
      Issue.record("`\(spec)` was accepted")
    } catch {
      #expect(error.term == term)
      #expect(error.message.contains("token ids"))
      #expect(error.message.contains("right after input"))
      #expect(error.message.contains("follows \(previous)"))
    }
  }

  @Test func anEmbeddingRightAfterTheInputIsFine() throws {
    let model = try ModelSpec.parse("input(16) embedding(100,8) flatten dense(2)")
    #expect(model.totalParameters == 800 + 128 * 2 + 2)
  }

  @Test(arguments: [
    "input(784)\ndense(10",
    "input(784) dense(10,\nrelu",
    "input(784) dense(1\r\n0)",
    "input(784)\tdense(1\u{0}0)",
    "input(784) \u{1B}[31mdense(10)",
    "inp\nut(784)",
    "input(784) dense(10) (\n)",
    "input(784) widget(\u{2028}3)",
  ])
  func everyErrorIsOneLine(spec: String) {
    do {
      _ = try ModelSpec.parse(spec)
      Issue.record("`\(spec)` was accepted")
    } catch {
      let text = error.description
      #expect(!text.unicodeScalars.contains { $0.properties.generalCategory == .control })
      #expect(!text.contains("\u{2028}"))
    }
  }

  @Test func aHugeTermIsShortenedInTheMessage() {
    let name = String(repeating: "x", count: 100_000)
    do {
      _ = try ModelSpec.parse("input(4) \(name)(")
      Issue.record("accepted")
    } catch {
      #expect(error.text.count <= SpecError.longestShownText)
      #expect(error.description.count < 2 * SpecError.longestMessage)
    }
  }

  @Test(arguments: [
    "input(10) dense(0)", "input(8,8,1) conv2d(0,3)", "input(8,8,1) conv2d(4,0)",
    "input(0)", "input(8,8,1) maxpool2d(0)", "input(4) embedding(0,3)",
    "input(8,8,1) conv2d(4,3,stride=0)", "input(4) dense(-3)", "input(4) dense(1e9)",
    "input(4) dense(99999999999999999999999)", "input(1000000000000,1000000000000) flatten",
    "input(1000000000000) dense(1000000000000)", "input(10) dropout(1)",
    "input(10) dropout(nan)", "input(10) dropout(-0.5)",
  ])
  func zeroNegativeAndHugeSizesAreRefused(spec: String) {
    #expect(throws: SpecError.self) { _ = try ModelSpec.parse(spec) }
  }

  @Test func parsingIsLinearInTheNumberOfLayers() throws {
    func seconds(_ count: Int) throws -> Double {
      let spec = "input(10)" + String(repeating: " relu", count: count)
      var best = Double.infinity
      for _ in 0..<3 {
        let start = ContinuousClock.now
        let model = try ModelSpec.parse(spec)
        let elapsed = ContinuousClock.now - start
        #expect(model.layers.count == count)
        best = min(
          best,
          Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        )
      }
      return best
    }
    let small = try seconds(4_000)
    let large = try seconds(16_000)
    // Four times the layers: linear parsing takes about 4 times as long (measured alone:
    // 0.05 s and 0.21 s in a debug build), the old quadratic one 16 times (20,000 layers
    // took 7.2 s). The slack absorbs other suites competing for the CPU.
    #expect(large < 8 * small + 0.5, "4,000 layers \(small) s, 16,000 layers \(large) s")
  }

  @Test func seededFuzzNeverTrapsAndEveryErrorIsOneLine() {
    var generator = SplitMix(seed: 12)
    let names =
      ModelSpec.layerNames + Preset.names + [
        "input", "Dense", "dense2d", "", "x", "relu6", "-", "->", "é", "🙂",
      ]
    let pieces = [
      "(", ")", ",", "=", " ", "->", "\n", "\t", "((", "))", ",,", "=,", "-1", "0", "1", "3",
      "1e9", "nan", "inf", "-inf", "0.5", "1.5", "99999999999999999999", "9223372036854775807",
      "relu", "same", "valid", "stride=", "padding=same", "bias=false", "units=2",
      "return_sequences=true", "\u{0}", "\u{1B}", "\u{2028}", "😀", "\"", "'", "\\", "[", "]",
    ]
    let deadline = ContinuousClock.now + .seconds(3)
    var cases = 0
    var accepted = 0
    while ContinuousClock.now < deadline && cases < 20_000 {
      var spec = ""
      if generator.next(below: 4) > 0 { spec += "input(\(generator.next(below: 2000) + 1)) " }
      for _ in 0..<generator.next(below: 8) {
        spec += names[generator.next(below: names.count)]
        if generator.next(below: 3) > 0 {
          spec += "("
          for _ in 0..<generator.next(below: 5) {
            spec += pieces[generator.next(below: pieces.count)]
          }
          if generator.next(below: 5) > 0 { spec += ")" }
        }
        spec += generator.next(below: 6) == 0 ? " -> " : " "
      }
      cases += 1
      do {
        _ = try ModelSpec.parse(spec)
        _ = try ModelSpec.expandedText(spec)
        accepted += 1
      } catch {
        let text = error.description
        #expect(!text.isEmpty)
        #expect(
          !text.unicodeScalars.contains { $0.properties.generalCategory == .control },
          "multi-line error for \(spec.debugDescription): \(text.debugDescription)"
        )
      }
    }
    #expect(cases >= 100)
    #expect(accepted > 0 && accepted < cases)
  }
}

/// SplitMix64: a tiny seeded generator so the fuzz cases are the same on every run.
private struct SplitMix {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func next(below bound: Int) -> Int {
    Int(next() % UInt64(bound))
  }
}
