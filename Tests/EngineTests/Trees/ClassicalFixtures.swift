import Engine
import Foundation
import Testing

/// Loads the scikit-learn reference fixtures the classical-model tests compare against.
enum ClassicalFixtures {
  struct ModelFigures: Decodable {
    let accuracy: Double
    let nodeCount: Int
    let leafCount: Int
    let maxDepth: Int
    let joblibBytes: Int
  }

  struct Forest: Decodable {
    let nSamples: Int
    let nFeatures: Int
    let x: [Int]
    let y: [Int]
    let train: [Int]
    let test: [Int]
    let forest: ModelFigures
    let forestDepth8: ModelFigures
    let tree: ModelFigures
  }

  struct Fit: Decodable {
    let coef: [Double]
    let intercept: Double
    let zeros: Int
  }

  struct Table: Decodable {
    let nSamples: Int
    let nFeatures: Int
    let x: [Double]
  }

  struct Diabetes: Decodable {
    let nSamples: Int
    let nFeatures: Int
    let x: [Double]
    let y: [Double]
    let ols: Fit
    let ridgeAlpha1: Fit
    let lassoAlpha01: Fit
    let lassoAlpha1: Fit
  }

  struct LabelledTable: Decodable {
    let nSamples: Int
    let nFeatures: Int
    let x: [Double]
    let y: [Int]
  }

  struct Linear: Decodable {
    let diabetes: Diabetes
    let classificationData: [String: LabelledTable]

    /// A labelled table by its snake-case name (the decoder may have camel-cased the key).
    func table(_ name: String) -> LabelledTable {
      let camel = name.split(separator: "_").enumerated()
        .map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
      return classificationData[name] ?? classificationData[camel]!
    }
  }

  struct FClassifDataset: Decodable {
    let dataset: String
    let nSamples: Int
    let nFeatures: Int
    let fScores: [Double?]
    let pValues: [Double?]
    let selectKBest: [String: [Int]]
  }

  struct FClassif: Decodable {
    let datasets: [FClassifDataset]
  }

  static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
    let url = try #require(
      Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")
    )
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(T.self, from: Data(contentsOf: url))
  }

  static let forest: Forest = try! load("forest_reference", as: Forest.self)
  static let linear: Linear = try! load("linear_reference", as: Linear.self)
  static let fClassif: FClassif = try! load("sklearn_f_classif", as: FClassif.self)

  /// The digits split of `forest_reference.json` as feature matrices.
  static func digitsSplit() throws -> (
    trainX: FeatureMatrix, trainY: [Int], testX: FeatureMatrix, testY: [Int]
  ) {
    let f = forest
    let all = try FeatureMatrix(
      rows: f.nSamples,
      columns: f.nFeatures,
      values: f.x.map(Float.init)
    )
    return (
      all.selectingRows(f.train), f.train.map { f.y[$0] },
      all.selectingRows(f.test), f.test.map { f.y[$0] }
    )
  }

  static func accuracy(_ predicted: [Int], _ truth: [Int]) -> Double {
    Double(zip(predicted, truth).filter { $0 == $1 }.count) / Double(truth.count)
  }
}
