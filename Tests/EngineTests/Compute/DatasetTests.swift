import Foundation
import Testing

@testable import Engine

@Suite("Datasets")
struct DatasetTests {
  /// `content/datasets` of the repository holding this file (symlinks resolved, so the
  /// development package that links to these tests finds it too).
  static let directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("content/datasets")
  static let catalog = DatasetCatalog(directory: directory)

  struct Expected: Decodable {
    var fileBytes: Int
    var headerBytes: Int
    var rows: Int
    var featureShape: [Int]
    var featureDtype: String
    var featureScale: Double
    var classes: Int
    var classNames: [String]
    var classCounts: [Int]
    var featureSum: Double
    var firstRowFirst5: [Double]
    var lastRowLast5: [Double]
    var firstRowSum: Double
    var firstLabels: [Int]
    var lastLabels: [Int]
  }

  static func expected() throws -> [String: Expected] {
    let url = try #require(
      Bundle.module.url(forResource: "Fixtures/datasets_expected", withExtension: "json")
    )
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return try decoder.decode([String: Expected].self, from: Data(contentsOf: url))
  }

  @Test("bundled files match the fixture", arguments: DatasetCatalog.bundledNames)
  func matchesFixture(name: String) throws {
    let expected = try #require(try Self.expected()[name])
    let file = try Self.catalog.file(name)
    #expect(file.rows == expected.rows)
    #expect(file.headerBytes == expected.headerBytes)
    #expect(file.featureShape == expected.featureShape)
    #expect(file.featureType == expected.featureDtype)
    #expect(file.featureScale == expected.featureScale)
    #expect(file.classes == expected.classes)
    #expect(file.classNames == expected.classNames)
    var counts = [Int](repeating: 0, count: file.classes)
    for label in file.labels { counts[Int(label)] += 1 }
    #expect(counts == expected.classCounts)
    let sum = file.storedFeatures.reduce(0.0) { $0 + Double($1) }
    #expect(abs(sum - expected.featureSum) <= 1e-9 * abs(expected.featureSum))
    let perRow = file.featureShape.reduce(1, *)
    #expect(file.storedFeatures.prefix(5).map(Double.init) == expected.firstRowFirst5)
    #expect(file.storedFeatures.suffix(5).map(Double.init) == expected.lastRowLast5)
    let firstRow = file.storedFeatures.prefix(perRow).reduce(0.0) { $0 + Double($1) }
    #expect(abs(firstRow - expected.firstRowSum) <= 1e-9 * max(abs(expected.firstRowSum), 1))
    #expect(file.labels.prefix(5).map(Int.init) == expected.firstLabels)
    #expect(file.labels.suffix(5).map(Int.init) == expected.lastLabels)
  }

  @Test("loaded datasets split 80/20, stratified, deterministic")
  func splits() throws {
    let iris = try Self.catalog.load("iris")
    #expect(iris.trainCount == 120 && iris.testCount == 30)
    #expect(iris.task == .classification && iris.classes == 3 && iris.featureShape == [4])
    var testCounts = [0, 0, 0]
    for t in iris.test.targets { testCounts[Int(t)] += 1 }
    #expect(testCounts == [10, 10, 10])
    let again = try Self.catalog.load("iris")
    #expect(again.train == iris.train && again.test == iris.test)
    // Standardised with training statistics: training mean ≈ 0, std ≈ 1 per feature.
    let (mean, std) = DatasetSplitter.statistics(of: iris.train.features, features: 4)
    for j in 0..<4 {
      #expect(abs(mean[j]) < 1e-4)
      #expect(abs(std[j] - 1) < 1e-3)
    }
    let mnist = try Self.catalog.load("mnist")
    #expect(mnist.trainCount == 4000 && mnist.testCount == 1000)
    #expect(mnist.train.features.scalars.max() == 1 && mnist.featureMean.isEmpty)
    let digits = try Self.catalog.load("digits")
    #expect(digits.trainCount + digits.testCount == 1797)
    #expect(digits.train.features.scalars.max() == 1)
  }

  @Test("fits(inputShape:) explains the mismatch")
  func fits() throws {
    let iris = try Self.catalog.load("iris")
    #expect(throws: Never.self) { try iris.fits(inputShape: [4]) }
    #expect(throws: DatasetError.self) { try iris.fits(inputShape: [784]) }
    do {
      try iris.fits(inputShape: [784])
    } catch {
      #expect(
        error.description
          == "the spec's input (784) does not fit dataset 'iris', whose examples have shape (4); "
          + "start the spec with input(4)"
      )
    }
  }

  @Test("malformed files give typed errors, not crashes")
  func malformed() throws {
    let good = try Data(contentsOf: Self.directory.appendingPathComponent("iris.glds"))
    func error(_ data: Data) -> DatasetError? {
      do {
        _ = try GLDSFile(data: data, path: "x.glds")
        return nil
      } catch { return error }
    }
    #expect(error(good) == nil)
    #expect(error(Data()) == .badMagic(path: "x.glds", found: ""))
    var wrongMagic = good
    wrongMagic[0] = UInt8(ascii: "X")
    if case .badMagic = error(wrongMagic) {} else { Issue.record("expected bad magic") }
    if case .sizeMismatch = error(good.dropLast()) {} else { Issue.record("expected size") }
    if case .sizeMismatch = error(good + Data([0])) {} else { Issue.record("expected size") }
    if case .sizeMismatch = error(good.prefix(20)) {} else { Issue.record("expected size") }
    var badLabel = good
    badLabel[badLabel.count - 1] = 7
    if case .labelOutOfRange(_, 149, 7, 3) = error(badLabel) {
    } else {
      Issue.record("expected label out of range")
    }
    var badJSON = good
    badJSON[12] = UInt8(ascii: "[")
    if case .badHeader = error(badJSON) {} else { Issue.record("expected bad header") }
    #expect(throws: DatasetError.self) { try Self.catalog.load("cifar") }
    #expect(throws: DatasetError.self) {
      try DatasetCatalog(directory: URL(fileURLWithPath: "/nonexistent")).load("iris")
    }
  }

  @Test("fraud: imbalanced, exact positive count, deterministic")
  func fraud() throws {
    let data = try DatasetCatalog.fraud()
    #expect(data.featureShape == [30] && data.classes == 2)
    #expect(data.trainCount + data.testCount == 20_000)
    let positives = (data.train.targets + data.test.targets).filter { $0 == 1 }.count
    #expect(positives == 200)
    #expect(data.test.targets.filter { $0 == 1 }.count == 40)
    let again = try DatasetCatalog.fraud()
    #expect(again.train == data.train)
    #expect(throws: DatasetError.self) { try DatasetCatalog.fraud(positiveRate: 0) }
  }

  @Test("regression: continuous target, large and deterministic")
  func regression() throws {
    let data = try DatasetCatalog.regression(rows: 50_000, features: 5)
    #expect(data.task == .regression && data.classes == 0)
    #expect(data.trainCount == 40_000 && data.testCount == 10_000)
    let raw = try SyntheticData.regression(rows: 1000, features: 3, noise: 0)
    for r in 0..<10 {
      var y = raw.bias
      for j in 0..<3 { y += raw.features[r * 3 + j] * raw.weights[j] }
      #expect(abs(y - raw.targets[r]) < 1e-5)
    }
    #expect(
      try SyntheticData.regression(rows: 100).targets == SyntheticData.regression(rows: 100).targets
    )
  }

  @Test("blobs: classes balanced")
  func blobs() throws {
    let raw = try SyntheticData.blobs(rows: 100, classes: 3, features: 4)
    var counts = [0, 0, 0]
    for label in raw.labels { counts[Int(label)] += 1 }
    #expect(counts == [34, 33, 33])
    let data = try DatasetCatalog.blobs(classes: 4, features: 3)
    #expect(data.classes == 4 && data.featureShape == [3])
  }
}
