import Engine
import Foundation
import SpecLanguage
import Testing

/// One model of `Fixtures/keras_counts.json`, generated from real Keras 3.
struct KerasCase: Decodable, Sendable, CustomTestStringConvertible {
  struct Layer: Decodable, Sendable {
    let type: String
    let outputShape: [Int]
    let params: Int64
    let trainable: Int64
    let nonTrainable: Int64

    enum CodingKeys: String, CodingKey {
      case type
      case outputShape = "output_shape"
      case params
      case trainable
      case nonTrainable = "non_trainable"
    }
  }

  let spec: String
  let totalParams: Int64
  let trainableParams: Int64
  let nonTrainableParams: Int64
  let layers: [Layer]

  enum CodingKeys: String, CodingKey {
    case spec
    case totalParams = "total_params"
    case trainableParams = "trainable_params"
    case nonTrainableParams = "non_trainable_params"
    case layers
  }

  var testDescription: String { String(spec.prefix(80)) }

  static let all: [KerasCase] = {
    guard
      let url = Bundle.module.url(
        forResource: "keras_counts",
        withExtension: "json",
        subdirectory: "Fixtures"
      ),
      let data = try? Data(contentsOf: url),
      let cases = try? JSONDecoder().decode([KerasCase].self, from: data)
    else { return [] }
    return cases
  }()
}

@Suite struct KerasCountsTests {
  @Test func fixtureHasCases() {
    #expect(KerasCase.all.count >= 40)
  }

  @Test(arguments: KerasCase.all)
  func countsAndShapesMatchKerasPerLayer(_ reference: KerasCase) throws {
    let summary = try ModelSpec.parse(reference.spec).summary()
    #expect(summary.totalParams == reference.totalParams)
    #expect(summary.trainableParams == reference.trainableParams)
    #expect(summary.nonTrainableParams == reference.nonTrainableParams)
    try #require(summary.layers.count == reference.layers.count)
    for (ours, keras) in zip(summary.layers, reference.layers) {
      #expect(ours.type == keras.type)
      #expect(ours.outputShape == keras.outputShape, "\(keras.type)")
      #expect(ours.params == keras.params, "\(keras.type)")
      #expect(ours.trainable == keras.trainable, "\(keras.type)")
      #expect(ours.nonTrainable == keras.nonTrainable, "\(keras.type)")
    }
  }
}
