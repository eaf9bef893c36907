import Testing

@testable import Engine

/// A language model's parts are described once, by the spec layers its configuration is:
/// each part holds exactly the weights its spec layer lists, and the spec reads back as the
/// same configuration.
@Suite struct LanguageLayerSpecTests {
  static let gptConfigurations: [GPTConfiguration] = [
    .tinyGPT,
    GPTConfiguration(vocabularySize: 65, contextLength: 16, layers: 1, heads: 2, width: 32),
    GPTConfiguration(
      vocabularySize: 30,
      contextLength: 8,
      layers: 2,
      heads: 4,
      width: 16,
      hiddenWidth: 24,
      bias: false
    ),
    // Pruned heads keep their size: 3 heads of 8 in a width of 32.
    GPTConfiguration(
      vocabularySize: 65,
      contextLength: 12,
      layers: 2,
      heads: 3,
      width: 32,
      hiddenWidth: 40,
      headWidth: 8
    ),
  ]

  static let lstmConfigurations: [LSTMConfiguration] = [
    .tinyLSTM,
    LSTMConfiguration(
      vocabularySize: 20,
      contextLength: 5,
      embeddingWidth: 7,
      hiddenWidth: 11,
      layers: 3
    ),
  ]

  /// One part per spec layer, each with as many values as PyTorch counts for that layer.
  static func expectPartsHoldTheirSpecLayersWeights(
    _ parts: [any LanguageLayer],
    _ specLayers: [ModelLayer],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(parts.count == specLayers.count, sourceLocation: sourceLocation)
    for (part, record) in zip(parts, specLayers) {
      #expect(
        Int64(part.parameterCount) == CountingConvention.torch.parameters(of: record),
        "\(record.layer.kind)",
        sourceLocation: sourceLocation
      )
    }
  }

  @Test(arguments: gptConfigurations)
  func eachGPTPartHoldsTheWeightsItsSpecLayerLists(configuration: GPTConfiguration) throws {
    let model = try GPTModel(configuration: configuration)
    Self.expectPartsHoldTheirSpecLayersWeights(model.layers, model.specLayers)
    #expect(model.parameterCount == configuration.parameterCount)
    let description = try configuration.modelDescription()
    #expect(Int(description.trainableParameters) == model.parameterCount)
    #expect(GPTConfiguration(model: description) == configuration)
  }

  @Test(arguments: lstmConfigurations)
  func eachLSTMPartHoldsTheWeightsItsSpecLayerLists(configuration: LSTMConfiguration) throws {
    let model = try LSTMLanguageModel(configuration: configuration)
    Self.expectPartsHoldTheirSpecLayersWeights(model.layers, model.specLayers)
    #expect(model.parameterCount == configuration.parameterCount)
    #expect(LSTMConfiguration(model: try configuration.modelDescription()) == configuration)
  }

  @Test func theTinyPresetsCountAsNanoGPTAndPyTorchDo() {
    // nanoGPT's shakespeare_char at width 128 (wpe included), and nn.Embedding + nn.LSTM +
    // nn.Linear for tiny-lstm, counted with sum(p.numel()).
    #expect(GPTConfiguration.tinyGPT.parameterCount == 809_856)
    #expect(LSTMConfiguration.tinyLSTM.parameterCount == 791_849)
  }

  @Test func aGPTSpecWithQKVOnlyBiasesIsNotTrainable() throws {
    var description = try ModelDescription(inputShape: Shape(8))
    for layer in GPTConfiguration(
      vocabularySize: 10,
      contextLength: 8,
      layers: 1,
      heads: 2,
      width: 8
    ).specLayers {
      if var block = layer as? DecoderBlock {
        block.attentionBias = .qkv
        block.mlpBias = false
        try description.append(block)
      } else {
        try description.append(layer)
      }
    }
    #expect(GPTConfiguration(model: description) == nil)
  }
}
