import Engine
import Foundation
import Testing

/// `ClassificationMetrics` against scikit-learn on seeded cases
/// (Tools/reference/classification_metrics.py → Fixtures/classification_metrics.json).
@Suite struct ClassificationMetricsTests {
  struct Case: Decodable {
    let name: String
    let classes: Int
    let labels: [Int]
    let predictions: [Int]
    let confusion: [[Int]]
    let precision: [Double]
    let recall: [Double]
    let f1: [Double]
    let support: [Int]
    let macroPrecision: Double
    let macroRecall: Double
    let macroF1: Double
    let accuracy: Double
    let scores: [Double]?
    let threshold: Double?
    let averagePrecision: Double?
  }

  struct TValue: Decodable {
    let df: Int
    let t: Double
  }

  struct Reference: Decodable {
    let cases: [Case]
    let studentT975: [TValue]
  }

  static func reference() throws -> Reference {
    let url = try #require(
      Bundle.module.url(
        forResource: "classification_metrics",
        withExtension: "json",
        subdirectory: "Fixtures"
      )
    )
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode(Reference.self, from: Data(contentsOf: url))
  }

  static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 }

  @Test func everyReferenceCaseMatchesScikitLearn() throws {
    let reference = try Self.reference()
    #expect(reference.cases.count >= 8)
    for item in reference.cases {
      let metrics: ClassificationMetrics
      if let scores = item.scores, let threshold = item.threshold {
        metrics = ClassificationMetrics(labels: item.labels, scores: scores, threshold: threshold)
        let binary = try #require(metrics.binary)
        #expect(Self.close(binary.prAUC, try #require(item.averagePrecision)), "\(item.name)")
        #expect(Self.close(binary.precision, item.precision[1]), "\(item.name)")
        #expect(Self.close(binary.recall, item.recall[1]), "\(item.name)")
        #expect(Self.close(binary.f1, item.f1[1]), "\(item.name)")
      } else {
        metrics = ClassificationMetrics(
          labels: item.labels,
          predictions: item.predictions,
          classes: item.classes
        )
        #expect(metrics.binary == nil)
      }
      #expect(metrics.confusion == item.confusion, "\(item.name)")
      #expect(metrics.perClass.map(\.support) == item.support, "\(item.name)")
      for c in 0..<item.classes {
        #expect(Self.close(metrics.perClass[c].precision, item.precision[c]), "\(item.name) \(c)")
        #expect(Self.close(metrics.perClass[c].recall, item.recall[c]), "\(item.name) \(c)")
        #expect(Self.close(metrics.perClass[c].f1, item.f1[c]), "\(item.name) \(c)")
      }
      #expect(Self.close(metrics.macroPrecision, item.macroPrecision), "\(item.name)")
      #expect(Self.close(metrics.macroRecall, item.macroRecall), "\(item.name)")
      #expect(Self.close(metrics.macroF1, item.macroF1), "\(item.name)")
      #expect(Self.close(metrics.accuracy, item.accuracy), "\(item.name)")
    }
  }

  @Test func referenceCasesIncludeImbalancedDataAndTiedScores() throws {
    let reference = try Self.reference()
    let imbalanced = reference.cases.filter {
      $0.scores != nil && Double($0.support[1]) / Double($0.labels.count) < 0.02
    }
    #expect(imbalanced.count >= 2)
    let tied = reference.cases.compactMap(\.scores).filter { Set($0).count < $0.count / 2 }
    #expect(tied.count >= 2)
  }

  @Test func studentTCriticalValuesMatchScipy() throws {
    let reference = try Self.reference()
    for value in reference.studentT975 {
      let mine = StudentT.critical95(degreesOfFreedom: value.df)
      #expect(abs(mine - value.t) < 2e-6, "df \(value.df): \(mine) vs \(value.t)")
    }
  }

  @Test func imbalancedDataIsRecognisedAndAllNegativeGuessHasZeroRecall() {
    var labels = [Int](repeating: 0, count: 990)
    labels += [Int](repeating: 1, count: 10)
    let scores = [Double](repeating: 0.1, count: 1000)
    let metrics = ClassificationMetrics(labels: labels, scores: scores, threshold: 0.5)
    #expect(metrics.isImbalanced())
    #expect(metrics.accuracy == 0.99)
    #expect(metrics.binary?.recall == 0)
    #expect(metrics.binary?.precision == 0)
    // All scores tied: one threshold, precision = the positive rate.
    #expect(abs((metrics.binary?.prAUC ?? 0) - 0.01) < 1e-12)
  }

  @Test func perfectRankingHasAveragePrecisionOne() {
    let labels = [0, 0, 1, 0, 1, 1]
    let scores = [0.1, 0.2, 0.9, 0.3, 0.8, 0.7]
    #expect(ClassificationMetrics.averagePrecision(labels: labels, scores: scores) == 1)
  }
}
