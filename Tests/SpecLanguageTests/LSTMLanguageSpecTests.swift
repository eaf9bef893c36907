import Engine
import SpecLanguage
import Testing

@Suite struct LSTMLanguageSpecTests {
  @Test func tinyLSTMIsTheTrainableLSTMConfiguration() throws {
    let model = try ModelSpec.parse("tiny-lstm")
    #expect(LSTMConfiguration(model: model) == .tinyLSTM)
    #expect(GPTConfiguration(model: model) == nil)
    #expect(!model.isAnalyticOnly)
    // Keras counts one bias per LSTM layer, PyTorch (and the built model) two.
    let torch = model.layers.reduce(Int64(0)) { $0 + CountingConvention.torch.parameters(of: $1) }
    #expect(torch == Int64(LSTMConfiguration.tinyLSTM.parameterCount))
    #expect(model.totalParameters + 2 * 4 * 232 == torch)
  }

  @Test(
    arguments: [
      "input(64) embedding(65,128) lstm(232,return_sequences=true) dense(64)",
      "input(64) embedding(65,128) lstm(232) dense(65)",
      "input(64) embedding(65,128) lstm(232,return_sequences=true) dense(65,softmax)",
      "input(64) embedding(65,128) lstm(232,return_sequences=true) dense(65,bias=false)",
      "input(64) embedding(65,128) gru(232,return_sequences=true) dense(65)",
      "input(64) embedding(65,128) lstm(232,return_sequences=true) lstm(100,return_sequences=true) dense(65)",
      "input(64) embedding(65,128) dense(65)",
      "input(64,3) dense(65)",
    ]
  )
  func otherSpecsAreNotLSTMLanguageModels(_ spec: String) throws {
    #expect(LSTMConfiguration(model: try ModelSpec.parse(spec)) == nil)
  }

  @Test func aWrittenOutLSTMLanguageModelReadsItsShape() throws {
    let model = try ModelSpec.parse(
      "input(32) embedding(50,24) lstm(40,return_sequences=true)x3 dense(50)"
    )
    let configuration = try #require(LSTMConfiguration(model: model))
    #expect(
      configuration
        == LSTMConfiguration(
          vocabularySize: 50,
          contextLength: 32,
          embeddingWidth: 24,
          hiddenWidth: 40,
          layers: 3
        )
    )
  }
}
