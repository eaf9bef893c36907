import Engine
import SpecLanguage
import Testing

@Suite struct CountingConventionTests {
  func total(_ spec: String, _ convention: CountingConvention) throws -> Int64 {
    try ModelSpec.parse(spec).layers.reduce(0) { $0 + convention.parameters(of: $1) }
  }

  @Test func torchKeepsBatchNormStatisticsAsBuffers() throws {
    // conv2d(8,3) on 1 channel: 80; batchnorm on 8 channels: Keras 32 (16 non-trainable)
    let spec = "input(8,8,1) conv2d(8,3) batchnorm flatten dense(2)"
    #expect(try total(spec, .keras) == 80 + 32 + 6 * 6 * 8 * 2 + 2)
    #expect(try total(spec, .torch) == 80 + 16 + 6 * 6 * 8 * 2 + 2)
    let model = try ModelSpec.parse(spec)
    #expect(model.layers.reduce(0) { $0 + CountingConvention.torch.buffers(of: $1) } == 16)
  }

  @Test func torchRecurrentLayersHaveTwoBiases() throws {
    // nn.LSTM(8, 32): 4·32·8 + 4·32·32 + 2·4·32 = 5,376; Keras: one bias, 5,248
    #expect(try total("input(50,8) lstm(32)", .torch) == 5_376)
    #expect(try total("input(50,8) lstm(32)", .keras) == 5_248)
    // nn.RNN(8, 16): 16·8 + 16·16 + 2·16 = 416
    #expect(try total("input(50,8) simplernn(16)", .torch) == 416)
    // nn.GRU(8, 16) = Keras reset_after=True: 3·16·8 + 3·16·16 + 6·16 = 1,248
    #expect(try total("input(50,8) gru(16)", .torch) == 1_248)
    #expect(try total("input(50,8) gru(16)", .keras) == 1_248)
  }

  @Test func mobileNetDiffersByItsBatchNormStatistics() throws {
    #expect(try total("mobilenet-v1", .keras) == 4_253_864)
    #expect(try total("mobilenet-v1", .torch) == 4_253_864 - 21_888)
  }

  @Test func insideAResidualBlockEachLayerCountsByItsOwnConvention() throws {
    // residual(batchnorm dense(8)) on 8 features: batchnorm 32 (16 statistics), dense 72
    let spec = "input(8) residual(batchnorm dense(8)) dense(2)"
    #expect(try total(spec, .keras) == 32 + 72 + 18)
    #expect(try total(spec, .torch) == 16 + 72 + 18)
    // residual(lstm(4,return_sequences=true)) on (5, 4): Keras 144, nn.LSTM 160
    #expect(try total("input(5,4) residual(lstm(4,return_sequences=true))", .torch) == 160)
  }
}
