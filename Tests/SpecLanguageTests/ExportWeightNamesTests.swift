import Engine
import SpecLanguage
import Testing

/// A trained network's weights, renamed as a model's safetensors export names them.
@Suite struct ExportWeightNamesTests {
  @Test(
    "every layer kind's trained weights get the names and shapes of the initialised export",
    arguments: [
      "input(8,8,1) separableconv2d(4,3) batchnorm relu depthwiseconv2d(3) flatten dense(10)",
      "input(12,8) lstm(6,return_sequences=true) gru(4,return_sequences=true) simplernn(3)",
      "input(16,32) mha(4,8) layernorm flatten dense(3)",
      "input(20) embedding(100,8) flatten dense(2)",
    ]
  )
  func exportWeightsMatchTheSpecNames(spec: String) throws {
    let model = try ModelSpec.parse(spec)
    let network = try NetworkBuilder.network(for: model, task: nil, seed: 3)
    let weights = try NetworkBuilder.exportWeights(of: network, for: model)
    #expect(weights.map(\.name) == model.weightDescriptions.map(\.name))
    #expect(weights.map(\.shape) == model.weightDescriptions.map(\.weight.shape))
    #expect(weights.map(\.values) == network.namedWeights().map(\.values))
  }

  @Test func aNetworkOfAnotherModelIsRefusedNotMisnamed() throws {
    let model = try ModelSpec.parse("input(4) dense(8,relu) dense(3)")
    for other in [
      "input(4) dense(3)", "input(4) dense(8,relu) dense(3) dense(3)", "input(4) dense(9) dense(3)",
    ] {
      let network = try NetworkBuilder.network(for: try ModelSpec.parse(other), task: nil, seed: 1)
      #expect(throws: EngineError.self) {
        try NetworkBuilder.exportWeights(of: network, for: model)
      }
    }
  }
}
