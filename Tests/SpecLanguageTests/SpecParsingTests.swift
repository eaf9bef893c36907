import Engine
import SpecLanguage
import Testing

@Suite struct SpecParsingTests {
  @Test func arrowsAndSpacesBothSeparateTerms() throws {
    let a = try ModelSpec.parse("input(784) -> dense(128,relu) -> dropout(0.5) -> dense(10)")
    let b = try ModelSpec.parse("  input(784)dense(128, relu)->dropout( 0.5 )   dense(10)")
    #expect(a.summary().layers == b.summary().layers)
    #expect(a.spec == "input(784) -> dense(128,relu) -> dropout(0.5) -> dense(10)")
  }

  @Test func summaryHasTheSeedCnnFigures() throws {
    let summary = try ModelSpec.parse("seed-cnn").summary()
    #expect(summary.spec == "seed-cnn")
    #expect(summary.totalParams == 121_930)
    #expect(summary.layers.first?.outputShape == [26, 26, 32])
    #expect(summary.layers.first?.params == 320)
    #expect(
      summary.bytes == ModelSummary.Bytes(fp32: 487_720, fp16: 243_860, int8: 121_930, int4: 60_965)
    )
    #expect(summary.layers.map(\.name)[2] == "3.conv2d")
  }

  @Test func explainFillsInTheFormulas() throws {
    let lines = try ModelSpec.parse("seed-cnn").explainLines()
    #expect(lines[0] == "conv2d: 32 × (3·3·1) + 32 = 320")
    #expect(lines[2] == "conv2d: 64 × (3·3·32) + 64 = 18,496")
    #expect(lines[5] == "dense: 64 × 1,600 + 64 = 102,464")
    #expect(lines[1].hasPrefix("maxpool2d: no parameters"))
  }

  @Test(arguments: [
    (
      "input(12,12,1) conv2d(32,3) maxpool2d(2) conv2d(64,9)",
      "term 4 `conv2d(64,9)`: kernel 9 is larger than its 5x5 input"
    ),
    (
      "input(784) dense(10) conv2d(8,3)",
      "term 3 `conv2d(8,3)`: conv2d needs an image input (height x width x channels), but its input is 10; a layer after flatten (or on a vector input) cannot be an image layer"
    ),
    ("input(784) dens(10)", "term 2 `dens(10)`: unknown layer `dens`; did you mean `dense`?"),
    (
      "input(784) dense",
      "term 2 `dense`: dense needs units (usage: dense(units, [activation], bias=…))"
    ),
    (
      "input(784) dense(10,relu,3)",
      "term 2 `dense(10,relu,3)`: dense takes at most 2 arguments, got 3 (usage: dense(units, [activation], bias=…))"
    ),
    (
      "input(784) dense(10,relu6)",
      "term 2 `dense(10,relu6)`: activation `relu6` is not allowed; did you mean `relu`? Allowed: linear, relu, sigmoid, tanh, softmax, gelu, silu"
    ),
    (
      "input(784) dropout(1.5)",
      "term 2 `dropout(1.5)`: dropout rate must be at least 0 and below 1, got 1.5"
    ),
    (
      "input(784) dropout(1)",
      "term 2 `dropout(1)`: dropout rate must be at least 0 and below 1, got 1"
    ),
    (
      "input(28,28,1) conv2d(8,3,strides=2)",
      "term 2 `conv2d(8,3,strides=2)`: unknown key `strides` for conv2d; did you mean `stride`? Keys: stride, padding, bias"
    ),
    ("input(784) dense(ten)", "term 2 `dense(ten)`: units must be a whole number, got `ten`"),
    ("input(784) dense(0)", "term 2 `dense(0)`: units must be at least 1, got 0"),
    ("input(784 dense(10)", "term 1 `input(784`: unexpected `(` inside the arguments of input"),
    ("input(784) dense(10", "term 2 `dense(10`: missing `)` to close the `(` of dense"),
    ("input(784) dense(10))", "term 3 `)`: unexpected `)` without a matching `(`"),
    (
      "dense(10)",
      "term 1 `dense(10)`: a spec starts with input(...) or a preset name, e.g. input(784) dense(10)"
    ),
    ("input(784) input(10)", "term 2 `input(10)`: input can only be the first term"),
    (
      "input(4,4,1) maxpool2d(2) maxpool2d(2) maxpool2d(2)",
      "term 4 `maxpool2d(2)`: pool 2 is larger than its 1x1 input"
    ),
    ("input(784) Dense(10)", "term 2 `Dense(10)`: names are lower case: write `dense`"),
    (
      "input(10,8) lstm(4,return_sequences=maybe)",
      "term 2 `lstm(4,return_sequences=maybe)`: return_sequences must be true or false, got `maybe`"
    ),
    ("seed-mlp(3)", "term 1 `seed-mlp(3)`: the preset seed-mlp takes no arguments"),
    (
      "input(10) flatten() dense(2,,)",
      "term 3 `dense(2,,)`: an argument is empty (two commas in a row, or a trailing comma)"
    ),
  ])
  func badSpecsGivePointedErrors(_ spec: String, _ expected: String) {
    do {
      _ = try ModelSpec.parse(spec)
      Issue.record("expected an error for \(spec)")
    } catch {
      #expect(error.description == expected)
    }
  }

  @Test func emptySpecIsAnError() {
    for spec in ["", "   ", " -> "] {
      #expect(throws: SpecError.self) { try ModelSpec.parse(spec) }
    }
  }

  @Test func countsThatWouldOverflowAreReportedNotTrapped() {
    let spec = "input(1000000000) dense(1000000000) dense(1000000000) dense(1000000000)"
    do {
      _ = try ModelSpec.parse(spec)
      Issue.record("expected an overflow error")
    } catch {
      #expect(error.message.contains("too large to count"))
    }
  }

  @Test func randomAndMutatedSpecsNeverTrap() {
    var generator = SeededGenerator(seed: 7)
    let alphabet = Array("abcdefgilmnoprstuvxyz0123456789(),=->._ \t\n")
    let seeds =
      Preset.all.prefix(7).map(\.spec) + [
        "input(50,8) lstm(16,return_sequences=true) gru(4)", "input(16,32) mha(4,8) layernorm",
        "input(32,32,8) depthwiseconv2d(3,multiplier=2,stride=2,padding=same)",
      ]
    var outcomes = (parsed: 0, rejected: 0)
    for round in 0..<600 {
      var text: [Character]
      if round % 2 == 0 {
        let length = Int(generator.next() % 40)
        text = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
      } else {
        text = Array(seeds[Int(generator.next() % UInt64(seeds.count))])
        for _ in 0..<(1 + Int(generator.next() % 4)) where !text.isEmpty {
          let position = Int(generator.next() % UInt64(text.count))
          switch generator.next() % 3 {
          case 0: text.remove(at: position)
          case 1:
            text.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
          default: text[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
          }
        }
      }
      do {
        _ = try ModelSpec.parse(String(text))
        outcomes.parsed += 1
      } catch {
        #expect(!error.message.isEmpty)
        outcomes.rejected += 1
      }
    }
    #expect(outcomes.parsed + outcomes.rejected == 600)
    #expect(outcomes.rejected > 0)
  }
}
