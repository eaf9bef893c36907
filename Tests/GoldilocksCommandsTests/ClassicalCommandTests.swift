import Engine
import Foundation
import Lab
import Testing

/// The classical-model commands: forest, tree, boost, linear, select, datasize, augment and
/// regularize, run end to end with small settings.
@Suite struct ClassicalCommandTests {
  /// The repository root, found from this file.
  static let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.path + "/content/datasets") {
        return url.path
      }
    }
    return FileManager.default.currentDirectoryPath
  }()

  static func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  static func dataset(_ name: String) throws -> ClassicalData {
    let catalog = DatasetCatalog(directory: URL(fileURLWithPath: root + "/content/datasets"))
    return try ClassicalData(try catalog.load(name, seed: 42))
  }

  @Test func forestJSONHasTheMeasuredModelFieldsAndTreeFigures() throws {
    let result = runCommand([
      "calc", "forest", "--trees", "5", "--max-depth", "6", "--dataset", "digits", "--json",
      "--runs", "20",
    ])
    #expect(result.status == 0, "\(result.err)")
    let object = try Self.json(result.out)
    for key in [
      "params", "nonzero_params", "size_bytes", "accuracy", "latency_ms", "train_seconds",
      "nodes", "leaves", "depth", "trees", "bytes_per_node", "throughput_per_s",
    ] {
      #expect(object[key] != nil, "missing \(key)")
    }
    #expect(object["trees"] as? Int == 5)
    #expect((object["depth"] as? Int ?? 99) <= 6)
    #expect(object["round_trip_verified"] as? Bool == true)
    #expect((object["accuracy"] as? Double ?? 0) > 0.7)
    let latency = try #require(object["latency_ms"] as? [String: Double])
    #expect(Set(latency.keys) == ["p50", "p95", "p99"])
    #expect((latency["p50"] ?? 0) > 0)
    #expect((object["params"] as? Int ?? 0) >= (object["nodes"] as? Int ?? 1))
  }

  @Test func forestSizeIsTheSerializedByteCount() throws {
    let result = runCommand([
      "calc", "forest", "--trees", "4", "--max-depth", "5", "--dataset", "digits", "--json",
      "--runs", "10",
    ])
    #expect(result.status == 0, "\(result.err)")
    let object = try Self.json(result.out)
    let data = try Self.dataset("digits")
    let forest = try RandomForest(
      classifying: data.trainX,
      labels: data.trainLabels,
      parameters: RandomForest.Parameters(
        treeCount: 4,
        tree: TreeParameters(maxDepth: 5, maxFeatures: .sqrt),
        seed: 42,
        threads: 1
      )
    )
    #expect(object["size_bytes"] as? Int == forest.serializedByteCount)
    #expect(object["nodes"] as? Int == forest.nodeCount)
  }

  @Test func treeSizeIsTheSerializedByteCount() throws {
    let result = runCommand(["calc", "tree", "--dataset", "iris", "--json", "--runs", "10"])
    #expect(result.status == 0, "\(result.err)")
    let object = try Self.json(result.out)
    let data = try Self.dataset("iris")
    let tree = try DecisionTree(classifying: data.trainX, labels: data.trainLabels)
    #expect(object["size_bytes"] as? Int == tree.serializedByteCount)
    #expect(object["nodes"] as? Int == tree.nodeCount)
  }

  @Test func linearL1ReportsZerosAndASmallerSparseFile() throws {
    let result = runCommand([
      "calc", "linear", "--dataset", "breast-cancer", "--l1", "0.1", "--json", "--runs", "10",
    ])
    #expect(result.status == 0, "\(result.err)")
    let object = try Self.json(result.out)
    let zeros = try #require(object["zero_weights"] as? Int)
    let dense = try #require(object["dense_size_bytes"] as? Int)
    let sparse = try #require(object["sparse_size_bytes"] as? Int)
    #expect(zeros > 0)
    #expect(sparse < dense)
    #expect(object["size_bytes"] as? Int == dense)
    #expect(object["params"] as? Int == 31)
    #expect(object["positive_recall"] as? Double != nil)
    #expect((object["nonzero_params"] as? Int ?? 0) <= 31 - zeros)
    let text = runCommand(["calc", "linear", "--dataset", "breast-cancer", "--l1", "0.1"])
    #expect(text.out.contains("L1 zeros are prunable for free"))
  }

  @Test func linearOnARegressionSetReportsR2() throws {
    let result = runCommand(["calc", "linear", "--dataset", "regression", "--json"])
    #expect(result.status == 0, "\(result.err)")
    let object = try Self.json(result.out)
    #expect(object["metric"] as? String == "r2")
    #expect((object["accuracy"] as? Double ?? 0) > 0.9)
    #expect(object["model"] as? String == "linear regression")
  }

  @Test func selectAnovaKeepsScikitLearnsFeatures() throws {
    let result = runCommand([
      "calc", "select", "--dataset", "breast-cancer", "--k", "10", "--method", "anova",
      "--json", "--runs", "5",
    ])
    #expect(result.status == 0, "\(result.err)")
    let object = try Self.json(result.out)
    let fixtureURL = URL(
      fileURLWithPath: Self.root + "/Tests/EngineTests/Fixtures/sklearn_f_classif.json"
    )
    let fixture = try Self.json(String(decoding: try Data(contentsOf: fixtureURL), as: UTF8.self))
    let sets = try #require(fixture["datasets"] as? [[String: Any]])
    let cancer = try #require(sets.first { $0["dataset"] as? String == "breast_cancer" })
    let best = try #require(cancer["select_k_best"] as? [String: [Int]])
    #expect(object["kept"] as? [Int] == best["10"])
    let rows = try #require(object["rows"] as? [[String: Any]])
    #expect(rows.map { $0["k"] as? Int } == [30, 20, 10, 5])
    #expect(rows.map { $0["first_layer_params"] as? Int } == [31, 21, 11, 6])
  }

  @Test func dataSizeKeepsTheLinearSizeAndGrowsTheTree() throws {
    let result = runCommand([
      "calc", "datasize", "--dataset", "regression", "--fractions", "0.1,0.5,1", "--rows",
      "3000", "--json", "--runs", "5",
    ])
    #expect(result.status == 0, "\(result.err)")
    let rows = try #require(
      try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]]
    )
    #expect(rows.count == 3)
    let linear = rows.compactMap { ($0["linear"] as? [String: Any])?["size_bytes"] as? Int }
    let nodes = rows.compactMap { ($0["tree"] as? [String: Any])?["nodes"] as? Int }
    let trainRows = rows.compactMap { $0["train_rows"] as? Int }
    #expect(linear.count == 3 && Set(linear).count == 1)
    #expect(nodes.count == 3 && nodes[0] < nodes[1] && nodes[1] < nodes[2])
    #expect(trainRows == [240, 1_200, 2_400])
  }

  @Test func augmentKeepsTheParameterCount() throws {
    let result = runCommand([
      "calc", "augment", "--dataset", "digits", "--ops", "shift,flip", "--epochs", "1",
      "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let object = try Self.json(result.out)
    let plain = try #require(object["baseline"] as? [String: Any])
    let augmented = try #require(object["augmented"] as? [String: Any])
    #expect(plain["params"] as? Int == 4_810)
    #expect(augmented["params"] as? Int == plain["params"] as? Int)
    #expect(augmented["size_bytes"] as? Int == plain["size_bytes"] as? Int)
    #expect((augmented["train_rows"] as? Int ?? 0) == 2 * (plain["train_rows"] as? Int ?? 0))
  }

  @Test func regularizeKeepsTheParameterCountUnderDropout() throws {
    let result = runCommand([
      "calc", "regularize", "--dataset", "iris", "--epochs", "2", "--hidden", "8", "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let object = try Self.json(result.out)
    let runs = try #require(object["runs"] as? [[String: Any]])
    #expect(runs.count == 4)
    let params = runs.compactMap { $0["params"] as? Int }
    #expect(params == [67, 67, 67, 67])
    #expect(runs.allSatisfy { $0["mean_abs_weight"] as? Double != nil })
  }

  /// regularize takes the shared training options: the same batch, optimizer and rate for
  /// all four runs, `--l1`/`--l2` for the penalty runs only, 10 epochs when none is given.
  @Test func regularizeTakesTheSharedTrainingOptions() throws {
    let result = runCommand([
      "calc", "regularize", "--dataset", "iris", "--hidden", "8", "--batch", "16",
      "--optimizer", "sgd", "--lr", "0.05", "--l1", "0.01", "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let object = try Self.json(result.out)
    #expect(object["epochs"] as? Int == 10)
    let runs = try #require(object["runs"] as? [[String: Any]])
    #expect(
      runs.compactMap { $0["name"] as? String } == ["none", "l1 0.01", "l2 0.001", "dropout 0.3"]
    )
  }

  @Test(arguments: [
    ["calc", "forest", "--trees", "5", "--dataset", "nope"],
    ["calc", "forest", "--trees", "0", "--dataset", "digits"],
    ["calc", "tree", "--dataset", "digits", "--criterion", "chaos"],
    ["calc", "boost", "--dataset", "iris", "--rounds", "0"],
    ["calc", "linear", "--dataset", "iris", "--l1", "0.1", "--l2", "0.1"],
    ["calc", "select", "--dataset", "breast-cancer", "--k", "31"],
    ["calc", "select", "--dataset", "regression", "--k", "3"],
    ["calc", "select", "--dataset", "iris", "--k", "2", "--method", "lasso"],
    ["calc", "datasize", "--dataset", "regression", "--fractions", "0,1"],
    ["calc", "datasize", "--dataset", "regression", "--fractions", "1.5"],
    ["calc", "datasize", "--dataset", "regression", "--fractions", "a,b"],
    ["calc", "datasize", "--dataset", "digits", "--rows", "5000"],
    ["calc", "augment", "--dataset", "breast-cancer"],
    ["calc", "augment", "--dataset", "digits", "--ops", "shear"],
    ["calc", "regularize", "--dataset", "digits", "--dropout", "1"],
    ["calc", "regularize", "--dataset", "iris", "--l1", "0"],
    ["calc", "regularize", "--dataset", "iris", "--batch", "0"],
    ["calc", "regularize", "--dataset", "iris", "--optimizer", "lbfgs"],
  ])
  func badInputGivesOneErrorLine(words: [String]) {
    let result = runCommand(words)
    #expect(result.status == 1)
    let lines = result.err.split(separator: "\n")
    #expect(lines.count == 1, "\(result.err)")
    #expect(lines.first?.hasPrefix("error: ") == true, "\(result.err)")
    #expect(!result.err.contains("error: error:"))
    #expect(result.out.isEmpty)
  }
}
