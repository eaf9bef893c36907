import Engine
import SpecLanguage
import Testing

@Suite struct PresetTests {
  @Test(arguments: Preset.all.map(\.name))
  func presetReproducesItsPublishedCount(_ name: String) throws {
    let preset = try #require(Preset.named(name))
    let model = try ModelSpec.parse(name)
    #expect(model.totalParameters == preset.publishedParameters)
    #expect(model.isAnalyticOnly == preset.isAnalyticOnly)
    #expect(model.presetName == name)
  }

  @Test(
    arguments: [
      ("seed-mlp", 101_770), ("seed-cnn", 121_930), ("teacher", 535_818), ("student", 101_770),
      ("dropout-mlp", 101_770), ("vgg16", 138_357_544), ("mobilenet-v1", 4_253_864),
      ("resnet50", 25_636_712), ("bert-base", 109_482_240), ("distilbert", 66_362_880),
      ("gpt2", 124_439_808), ("gpt3-175b", 174_604_259_328), ("tiny-lstm", 789_993),
    ] as [(String, Int64)]
  )
  func presetTotalsEqualThePublishedNumbers(_ name: String, _ total: Int64) throws {
    #expect(try ModelSpec.parse(name).totalParameters == total)
  }

  @Test func batchNormStatisticsAreNonTrainable() throws {
    #expect(try ModelSpec.parse("mobilenet-v1").nonTrainableParameters == 21_888)
    #expect(try ModelSpec.parse("resnet50").nonTrainableParameters == 53_120)
  }

  @Test func gpt3IsAbout174Point6Billion() throws {
    let model = try ModelSpec.parse("gpt3-175b")
    #expect(model.totalParameters == 174_604_259_328)
    #expect(model.summary().bytes.fp16 == 2 * 174_604_259_328)
  }

  @Test func aPresetCanBeFollowedByMoreTerms() throws {
    let model = try ModelSpec.parse("seed-mlp -> dense(5)")
    #expect(model.layers.count == 3)
    #expect(model.totalParameters == 101_770 + 55)
    #expect(
      try ModelSpec.expandedText("seed-mlp dense(5)") == Preset.named("seed-mlp")!.spec
        + " dense(5)"
    )
  }

  @Test(arguments: ["bert-base", "distilbert", "gpt2", "gpt3-175b", "resnet50"])
  func analyticPresetsRefuseToBeBuilt(_ name: String) throws {
    let model = try ModelSpec.parse(name)
    #expect(model.isAnalyticOnly)
    #expect(throws: EngineError.analyticOnly(model: name, action: "train")) {
      try model.requireBuildable(for: "train")
    }
    #expect(throws: EngineError.self) { try model.safeTensorsFile(seed: 1) }
  }

  @Test func buildablePresetsPassTheGuard() throws {
    for name in ["seed-mlp", "seed-cnn", "vgg16", "mobilenet-v1"] {
      try ModelSpec.parse(name).requireBuildable(for: "train")
    }
  }

  @Test func vgg16ExportFitsTheDefaultBudgetButHalfABillionDoesNot() throws {
    let vgg = try ModelSpec.parse("vgg16")
    try MemoryBudget.standard.check(vgg.exportMemoryNeeded(precision: .fp32), for: "export")
    let huge = try ModelSpec.parse("input(1000) dense(500000)")
    #expect(huge.totalParameters == 500_500_000)
    #expect(throws: EngineError.self) { try huge.safeTensorsFile(seed: 1) }
    do {
      _ = try huge.safeTensorsFile(seed: 1)
    } catch {
      guard case .memoryBudgetExceeded(let needed, let budget, _, _) = error else {
        Issue.record("expected memoryBudgetExceeded, got \(error)")
        return
      }
      #expect(needed == 12 * 500_500_000)
      #expect(budget == 2 << 30)
    }
  }

  @Test func largeSpecsParseAndSummarise() throws {
    let gpt3 = try ModelSpec.parse("gpt3-175b").summary()
    #expect(gpt3.layers.count == 99)
    let hundred = "input(64) " + String(repeating: "dense(64,relu) ", count: 100)
    let model = try ModelSpec.parse(hundred)
    #expect(model.layers.count == 100)
    #expect(model.totalParameters == 100 * (64 * 64 + 64))
  }
}
