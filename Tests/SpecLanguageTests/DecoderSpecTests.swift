import Engine
import Foundation
import SpecLanguage
import Testing

@Suite struct DecoderSpecTests {
  @Test func repeatAppendsTheTermNTimes() throws {
    let model = try ModelSpec.parse("input(16) dense(8,relu)x3 dense(2)")
    #expect(model.layers.count == 4)
    #expect(model.totalParameters == (16 * 8 + 8) + 2 * (8 * 8 + 8) + (8 * 2 + 2))
    let once = try ModelSpec.parse(
      "input(8) tokenembedding(50,16) decoder(heads=4,kv_heads=2,mlp=32)x2 rmsnorm head(50)"
    )
    let spelled = try ModelSpec.parse(
      "input(8) tokenembedding(50,16) decoder(heads=4,kv_heads=2,mlp=32) decoder(heads=4,kv_heads=2,mlp=32) rmsnorm head(50)"
    )
    #expect(once.totalParameters == spelled.totalParameters)
  }

  @Test func decoderCountsFollowTheFormula() throws {
    // d 16, 4 heads of 4, 2 KV heads, swiglu 32, rmsnorm, no bias:
    // 16·16 + 2·16·8 + 16·16 + 3·16·32 + 2·16 = 256 + 256 + 256 + 1536 + 32 = 2336
    let model = try ModelSpec.parse(
      "input(8) tokenembedding(50,16) decoder(heads=4,kv_heads=2,mlp=32)"
    )
    #expect(model.layers[1].parameters == 2336)
    let experts = try ModelSpec.parse(
      "input(8) tokenembedding(50,16) decoder(heads=4,kv_heads=2,mlp=32,experts=4,top=1)"
    )
    // 4 experts × 1536 + router 16·4 replace the MLP
    #expect(experts.layers[1].parameters == 2336 - 1536 + 4 * 1536 + 64)
    #expect(experts.activeParameters == 800 + 2336 - 1536 + 1536 + 64)
  }

  @Test(arguments: [
    ("input(8) tokenembedding(50,16) decoder(heads=4,kv_heads=3,mlp=32)", "multiple of kv_heads"),
    ("input(8) tokenembedding(50,16) decoder(heads=4,mlp=32)x0", "at least x1"),
    ("input(8) tokenembedding(50,16) decoder(heads=4,mlp=32)x99999", "too many"),
    ("input(8) tokenembedding(50,16) decoder(heads=4,mlp=32)xy", "is not a repeat"),
    ("input(8) tokenembedding(50,16) decoder(mlp=32)", "decoder needs heads=N"),
    ("input(8) tokenembedding(50,16) decoder(heads=4,mlp=32,experts=4)", "needs top=N"),
    (
      "input(8) tokenembedding(50,16) decoder(heads=4,mlp=32,experts=4,top=5)",
      "between 1 and experts"
    ),
    ("input(8) tokenembedding(50,16) decoder(heads=3,mlp=32)", "not a multiple of 3 heads"),
    ("input(8) tokenembedding(50,16) positions(4)", "covers only 4"),
    ("input(8,2) tokenembedding(50,16)", "token ids"),
  ])
  func badDecoderSpecsPointAtTheTerm(_ spec: String, _ expected: String) {
    #expect {
      _ = try ModelSpec.parse(spec)
    } throws: { error in
      let text = String(describing: error)
      return text.hasPrefix("term ") && text.contains(expected)
    }
  }

  @Test func presetNamesWithDotsParse() throws {
    #expect(try ModelSpec.parse("qwen2.5-0.5b").totalParameters == 494_032_768)
    #expect(try ModelSpec.parse("llama-3.1-8b").presetName == "llama-3.1-8b")
    #expect(try ModelSpec.parse("input(784) dropout(0.5) dense(10)").layers.count == 2)
  }

  @Test func seventyBillionSummaryIsFast() throws {
    _ = try ModelSpec.parse("llama-3.1-70b").summary()
    let clock = ContinuousClock()
    let elapsed = try clock.measure {
      for _ in 0..<5 { _ = try ModelSpec.parse("llama-3.1-70b").summary() }
    }
    #expect(elapsed / 5 < .milliseconds(50))
  }
}
