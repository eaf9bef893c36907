import Engine
import Foundation
import Testing

/// Compares our MACs (weight products only, fvcore-style) with torchinfo 1.8.0's numbers.
///
/// In `Fixtures/torchinfo_macs.json`, torchinfo = ours + bias adds at every output position
/// + batch-norm's 2·C, times the batch; it counts a Linear on a sequence only once.
@Suite struct TorchinfoComparisonTests {
  struct Case: Decodable {
    let name: String
    let inputSize: [Int]
    let totalMultAdds: Int64

    enum CodingKeys: String, CodingKey {
      case name
      case inputSize = "input_size"
      case totalMultAdds = "total_mult_adds"
    }
  }

  struct Fixture: Decodable { let cases: [Case] }

  /// The fixture's specs built with the Engine API (EngineTests does not use SpecLanguage).
  static func model(named name: String) throws -> ModelDescription? {
    func build(_ input: Shape, _ layers: [any LayerDescription]) throws -> ModelDescription {
      var model = try ModelDescription(inputShape: input)
      for layer in layers { try model.append(layer) }
      return model
    }
    let mlp: [any LayerDescription] = [Dense(units: 128, activation: .relu), Dense(units: 10)]
    switch name {
    case "seed-mlp", "seed-mlp batch 32": return try build(Shape(784), mlp)
    case "seed-cnn":
      return try build(
        Shape(28, 28, 1),
        [
          Conv2D(filters: 32, kernelSize: 3), Pool2D(.max, poolSize: 2),
          Conv2D(filters: 64, kernelSize: 3), Pool2D(.max, poolSize: 2), Flatten(),
          Dense(units: 64), Dense(units: 10),
        ]
      )
    case "teacher":
      return try build(Shape(784), [Dense(units: 512), Dense(units: 256), Dense(units: 10)])
    case "conv2d bias=false":
      return try build(Shape(32, 32, 3), [Conv2D(filters: 16, kernelSize: 3, useBias: false)])
    case "conv2d with bias":
      return try build(Shape(32, 32, 3), [Conv2D(filters: 16, kernelSize: 3)])
    case "conv2d stride 2 same":
      return try build(
        Shape(32, 32, 3),
        [Conv2D(filters: 16, kernelSize: 3, stride: 2, padding: .same)]
      )
    case "depthwise conv": return try build(Shape(32, 32, 8), [DepthwiseConv2D(kernelSize: 3)])
    case "depthwise conv bias=false same":
      return try build(
        Shape(32, 32, 8),
        [DepthwiseConv2D(kernelSize: 3, padding: .same, useBias: false)]
      )
    case "depthwise conv multiplier 2 stride 2":
      return try build(
        Shape(32, 32, 8),
        [DepthwiseConv2D(kernelSize: 3, depthMultiplier: 2, stride: 2, padding: .same)]
      )
    case "conv bias=false + batchnorm + relu":
      return try build(
        Shape(28, 28, 1),
        [
          Conv2D(filters: 8, kernelSize: 3, useBias: false), BatchNormalization(),
          Activation(.relu),
        ]
      )
    default: return nil
    }
  }

  /// Our MACs converted to torchinfo's convention.
  static func torchinfoStyle(_ model: ModelDescription) -> Int64 {
    var total: Int64 = 0
    for record in model.layers {
      let positions = Int64(record.outputShape.dimensions.dropLast().reduce(1, *))
      let bias = record.weights.filter { $0.name == "bias" }.reduce(Int64(0)) { sum, weight in
        sum + Int64(weight.shape.dimensions.reduce(1, *))
      }
      total += record.macs + bias * positions
      if record.layer is BatchNormalization { total += record.trainableParameters }
    }
    return total
  }

  @Test func ourMACsPlusBiasAndNormEqualTorchinfo() throws {
    let url = try #require(
      Bundle.module.url(
        forResource: "torchinfo_macs",
        withExtension: "json",
        subdirectory: "Fixtures"
      )
    )
    let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    var compared = 0
    for reference in fixture.cases {
      guard let model = try Self.model(named: reference.name) else { continue }
      let batch = Int64(reference.inputSize[0])
      #expect(batch * Self.torchinfoStyle(model) == reference.totalMultAdds, "\(reference.name)")
      compared += 1
    }
    #expect(compared >= 11)
  }

  @Test func denseOnASequenceCountsEveryStepUnlikeTorchinfo() throws {
    var model = try ModelDescription(inputShape: Shape(50, 8))
    try model.append(Dense(units: 16))
    #expect(model.macs == 6_400)  // torchinfo 1.8.0 reports 144 (its params, once)
  }
}
