import Foundation
import Testing

@testable import Engine
@testable import Lab

/// How the compression lab treats residual blocks, found through the ability protocols:
/// quantization (which runs layer by layer) refuses them with a reason, structured pruning
/// leaves whole every layer whose output a skip connection adds, and the layers inside a
/// block are pruned as usual.
@Suite struct ResidualCompressionTests {
  static func network() throws -> Network {
    try Network(
      inputShape: [4],
      layers: [
        .dense(units: 8, activation: .relu),
        .dense(units: 8, activation: .relu),
        .dense(units: 8),
        TrainableLayerConfig(ResidualAdd(blockLength: 2)),
        .dense(units: 3),
      ],
      seed: 1
    )
  }

  @Test(arguments: [QuantizationTarget.fp16, .int4, .int8])
  func quantizingAResidualModelIsRefusedWithItsReason(target: QuantizationTarget) throws {
    let network = try Self.network()
    #expect {
      try ModelQuantizer.quantize(
        network: network,
        target: target,
        calibration: network.randomInput(count: 4, seed: 1)
      )
    } throws: { error in
      "\(error)".contains("residual block")
    }
  }

  @Test func structuredPruningShrinksOnlyTheLayerInsideTheBlock() throws {
    let network = try Self.network()
    let (pruned, changes) = try StructuredPruner.pruneWithReport(network: network, fraction: 0.5)
    #expect(changes.map(\.layer) == ["dense_1"])
    #expect(pruned.layers.map(\.outputShape) == [[8], [4], [8], [8], [3]])
    let x = network.randomInput(count: 2, seed: 3)
    #expect(try pruned.predict(x).shape == [2, 3])
  }

  @Test func magnitudePruningReachesTheKernelsInsideTheBlock() throws {
    let network = try Self.network()
    let targets = ModelPruner.prunableWeights(network).map(\.layer)
    #expect(targets == [0, 1, 2, 4])
    #expect(ModelPruner.multiplyAccumulates(network) == 4 * 8 + 8 * 8 + 8 * 8 + 8 * 3)
  }
}
