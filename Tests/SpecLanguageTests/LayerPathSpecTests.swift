import Engine
import SpecLanguage
import Testing

/// The spec terms added through the one-type-per-layer path.
///
/// `conv1d`, `gelu`/`silu` and `residual(...)` (with repeats), their counts and their
/// errors. conv1d's parameters are
/// PyTorch's `nn.Conv1d` count (`Tools/reference/conv1d_gelu_silu_torch.py`; Keras is not
/// installed on this machine), which equals Keras' `Conv1D` formula k·in·filters + filters.
@Suite struct LayerPathSpecTests {
  @Test func conv1dCountsMatchTorchAndTheFormula() throws {
    let summary = try ModelSpec.parse("input(100,64) conv1d(128,5)").summary()
    #expect(summary.totalParams == 41_088)
    #expect(summary.layers[0].outputShape == [96, 128])
    #expect(summary.layers[0].macs == 96 * 128 * 5 * 64)
    #expect(summary.layers[0].type == "conv1d")
    let lines = try ModelSpec.parse("input(100,64) conv1d(128,5)").explainLines()
    #expect(lines[0] == "conv1d: 128 × (5·64) + 128 = 41,088")
  }

  @Test(
    "conv1d's output length follows padding and stride",
    arguments: [
      ("input(100,3) conv1d(8,5,padding=same)", [100, 8]),
      ("input(100,3) conv1d(8,5,stride=2)", [48, 8]),
      ("input(100,3) conv1d(8,5,relu,stride=2,padding=same)", [50, 8]),
      ("input(7,3) conv1d(4,7,bias=false)", [1, 4]),
    ]
  )
  func conv1dShapes(spec: String, shape: [Int]) throws {
    #expect(try ModelSpec.parse(spec).outputShape.dimensions == shape)
  }

  @Test func conv1dWithoutBiasHasOnlyItsKernel() throws {
    #expect(try ModelSpec.parse("input(7,3) conv1d(4,7,bias=false)").totalParameters == 84)
  }

  @Test func conv1dOnAFlatInputSaysItNeedsASequence() {
    #expect {
      try ModelSpec.parse("input(784) conv1d(8,3)")
    } throws: { error in
      "\(error)".contains("conv1d needs a sequence input")
    }
  }

  @Test func geluAndSiluAreActivationsInEveryPlace() throws {
    let model = try ModelSpec.parse("input(10) dense(16,gelu) silu dense(2,silu) gelu").summary()
    #expect(model.totalParams == 10 * 16 + 16 + 16 * 2 + 2)
    #expect(model.layers.map(\.type) == ["dense", "silu", "dense", "gelu"])
    #expect(try ModelSpec.parse("input(6,3) conv1d(4,2,gelu)").totalParameters == 2 * 3 * 4 + 4)
  }

  @Test func aRepeatedResidualBlockCountsEveryCopy() throws {
    let model = try ModelSpec.parse("input(64) residual(dense(64,relu) dense(64))x3")
    #expect(model.totalParameters == 3 * 2 * (64 * 64 + 64))
    #expect(model.outputShape.dimensions == [64])
    #expect(model.summary().macs == 3 * 2 * 64 * 64)
  }

  @Test func aResidualBlockWhoseOutputDiffersNamesBothShapes() {
    #expect {
      try ModelSpec.parse("input(64) residual(dense(64,relu) dense(32))")
    } throws: { error in
      "\(error)"
        == "term 2 `residual(dense(64,relu) dense(32))`: a residual block adds its input to its output, so they must have the same shape, but the input is (64) and the output is (32); end the block with a layer that gives (64)"
    }
  }

  @Test(
    "a malformed residual block gets one pointed error",
    arguments: [
      ("input(8) residual()", "residual needs the layers of its block"),
      ("input(8) residual(dense(8)", "missing `)`"),
      ("input(8) residual(dense(8) denze(8))", "inside residual, `denze(8)`: unknown layer"),
      ("input(8) residual(input(8) dense(8))", "cannot be inside residual"),
      ("input(8) dense(dense(8))", "unexpected `(` inside the arguments of dense"),
    ]
  )
  func residualErrors(spec: String, fragment: String) {
    #expect {
      try ModelSpec.parse(spec)
    } throws: { error in
      "\(error)".contains(fragment)
    }
  }

  @Test func residualBlocksNest() throws {
    let model = try ModelSpec.parse("input(8) residual(dense(8) residual(dense(8,gelu)x2))")
    #expect(model.totalParameters == 3 * (8 * 8 + 8))
  }

  @Test func aResidualModelBuildsTrainsAndExportsUnderItsSpecNames() throws {
    let model = try ModelSpec.parse("input(4) residual(dense(4,relu) dense(4)) dense(2)")
    let network = try NetworkBuilder.network(for: model, task: nil, seed: 3)
    #expect(network.layers.map(\.name) == ["dense", "dense_1", "add", "dense_2"])
    #expect(Int64(network.parameterCount) == model.totalParameters)
    try network.checkTrainable()
    let weights = try NetworkBuilder.exportWeights(of: network, for: model)
    #expect(weights.map(\.name) == model.weightDescriptions.map(\.name))
    #expect(weights.first?.name == "1.residual.0.dense.kernel")
    #expect(weights.map(\.values) == network.namedWeights().map(\.values))
  }

  /// A network layer builds itself from its description (`LayerSetup.build`), so a network
  /// starts from exactly the weights `initialWeights` gives the described model: the same
  /// shapes, order, initialisers and random draws, with Keras' names.
  @Test(
    arguments: [
      "input(16,16,3) conv2d(4,3,relu) batchnorm depthwiseconv2d(3,multiplier=2) "
        + "separableconv2d(6,3,padding=same) maxpool2d(2) layernorm dropout(0.2) "
        + "globalavgpool2d dense(8,gelu) residual(dense(8,relu) dense(8)) dense(3)",
      "input(10) embedding(20,8) conv1d(6,3,padding=same) mha(2,4) layernorm "
        + "lstm(5,return_sequences=true) gru(4,return_sequences=true) simplernn(3)",
    ]
  )
  func aNetworkStartsFromItsDescriptionsInitialWeights(spec: String) throws {
    let model = try ModelSpec.parse(spec)
    let network = try NetworkBuilder.network(for: model, task: nil, seed: 11)
    let exported = try NetworkBuilder.exportWeights(of: network, for: model)
    let described = try model.initialWeights(seed: 11)
    #expect(exported.map(\.name) == described.map(\.name))
    #expect(exported.map(\.shape) == described.map(\.shape))
    #expect(exported.map(\.isTrainable) == described.map(\.isTrainable))
    for (built, expected) in zip(exported, described) {
      #expect(built.values == expected.values, "\(built.name)")
    }
  }

  @Test func networkWeightsKeepKerasNames() throws {
    let model = try ModelSpec.parse(
      "input(8,8,2) depthwiseconv2d(3) flatten dense(4) batchnorm"
    )
    let names = try NetworkBuilder.network(for: model, task: nil, seed: 1).namedWeights()
      .map(\.name)
    #expect(
      names == [
        "depthwise_conv2d/depthwise_kernel", "depthwise_conv2d/bias", "dense/kernel",
        "dense/bias", "batch_normalization/gamma", "batch_normalization/beta",
        "batch_normalization/moving_mean", "batch_normalization/moving_variance",
      ]
    )
    let attention = try ModelSpec.parse("input(6,4) mha(2,3)")
    let roles = try NetworkBuilder.network(for: attention, task: nil, seed: 1).namedWeights()
      .map(\.role)
    #expect(roles.first == "query/kernel" && roles.last == "attention_output/bias")
  }

  /// For classification a linear last layer becomes softmax (sigmoid for one output), as
  /// Keras' `from_logits=True` treats it; a last layer without an activation stays.
  @Test(
    arguments: [
      ("input(4) dense(3)", ActivationFunction.softmax),
      ("input(4) dense(1)", .sigmoid),
      ("input(4) dense(3,tanh)", .tanh),
      ("input(6,6,1) conv2d(3,6)", .softmax),
      ("input(4) dense(3) dropout(0.1)", .linear),
    ]
  )
  func classificationTreatsALinearEndAsLogits(spec: String, last: ActivationFunction) throws {
    let model = try ModelSpec.parse(spec)
    let configs = try NetworkBuilder.configs(for: model, task: .classification)
    #expect(configs.last?.finalActivation == last)
    let regression = try NetworkBuilder.configs(for: model, task: .regression)
    #expect(regression.last?.finalActivation == (last == .tanh ? .tanh : .linear))
  }
}
