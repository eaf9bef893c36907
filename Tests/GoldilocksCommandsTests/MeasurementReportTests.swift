import Foundation
import Terminal
import Testing
import _TestSupport

/// Classification figures, `--repeats` intervals and verdicts in the calculator's reports.
///
/// Small models, so that debug builds stay quick; no test depends on a timing.
@Suite struct MeasurementReportTests {
  static let fraudModel = "input(30) dense(8,relu) dense(1,sigmoid)"
  static let irisModel = "input(4) dense(8,relu) dense(3)"

  func run(_ words: [String]) throws -> (status: Int32, out: String, err: String) {
    let folder = try TemporaryDirectory(prefix: "goldilocks-measure")
    defer { folder.remove() }
    return runCommand(words, environment: ["XDG_DATA_HOME": folder.file("data")])
  }

  /// A JSON number as a Double, whether it was read as an integer or not.
  static func number(_ value: Any?) -> Double? {
    if let integer = value as? Int { return Double(integer) }
    return value as? Double
  }

  /// The text with every run of whitespace (line breaks and wrap indents) as one space.
  static func flat(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  func object(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func trainOnImbalancedFraudLeadsWithRecallAndPRAUCBeforeAccuracy() throws {
    let result = try run([
      "calc", "train", Self.fraudModel, "--dataset", "fraud", "--epochs", "1",
    ])
    #expect(result.status == 0, "\(result.err)")
    let lines = result.out.split(separator: "\n").map(String.init)
    let recall = try #require(lines.firstIndex { $0.contains("recall at threshold 0.50:") })
    let prAUC = try #require(lines.firstIndex { $0.contains("PR-AUC (average precision):") })
    let accuracy = try #require(lines.firstIndex { $0.contains("accuracy: ") })
    #expect(recall < accuracy && prAUC < accuracy)
    #expect(result.out.contains("accuracy comes last: with 1.0% positives"))
    #expect(result.out.contains("Confusion matrix (rows: true class, columns: predicted):"))
  }

  @Test func trainJSONKeepsTheFixedFieldsAndAddsClassification() throws {
    let result = try run([
      "calc", "train", Self.fraudModel, "--dataset", "fraud", "--epochs", "1", "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let report = try object(result.out)
    let accuracy = try #require(report["accuracy"] as? Double)
    for field in ["params", "nonzero_params", "size_bytes", "train_seconds"] {
      #expect(report[field] is Int || report[field] is Double, "\(field)")
    }
    let latency = try #require(report["latency_ms"] as? [String: Any])
    #expect(latency["p50"] is Double)
    let classification = try #require(report["classification"] as? [String: Any])
    #expect(classification["accuracy"] as? Double == accuracy)
    let confusion = try #require(classification["confusion"] as? [[Int]])
    #expect(confusion.count == 2 && confusion.joined().reduce(0, +) == 4000)
    let binary = try #require(classification["binary"] as? [String: Any])
    #expect(binary["threshold"] as? Double == 0.5)
    let prAUC = try #require(binary["pr_auc"] as? Double)
    #expect((0...1).contains(prAUC))
    // Recall is the share of true positives found: confusion[1][1] of row 1.
    #expect(
      binary["recall"] as? Double == Double(confusion[1][1]) / Double(confusion[1].reduce(0, +))
    )
  }

  @Test func trainWithRepeatsTurnsEveryMeasuredFigureIntoAnInterval() throws {
    let result = try run([
      "calc", "train", Self.irisModel, "--dataset", "iris", "--epochs", "2", "--repeats", "3",
      "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let report = try object(result.out)
    #expect(report["seeds"] as? [Int] == [42, 43, 44])
    for field in ["params", "nonzero_params", "size_bytes", "accuracy", "train_seconds"] {
      let interval = try #require(report[field] as? [String: Any], "\(field)")
      #expect(Set(interval.keys) == ["mean", "low", "high", "runs"], "\(field)")
      #expect(interval["runs"] as? Int == 3)
      let low = try #require(interval["low"] as? Double)
      let high = try #require(interval["high"] as? Double)
      let mean = try #require(interval["mean"] as? Double)
      #expect(low <= mean && mean <= high, "\(field)")
    }
    let accuracy = try #require(report["accuracy"] as? [String: Any])
    #expect((accuracy["high"] as? Double ?? 2) <= 1)
    let p50 = try #require((report["latency_ms"] as? [String: Any])?["p50"] as? [String: Any])
    #expect((p50["low"] as? Double ?? -1) >= 0)
    let macroF1 = try #require(
      (report["classification"] as? [String: Any])?["macro_f1"] as? [String: Any]
    )
    #expect(macroF1["runs"] as? Int == 3)
  }

  @Test func repeatsOutsideItsRangeIsOneErrorLine() throws {
    for value in ["0", "51", "-1"] {
      let result = try run([
        "calc", "train", Self.irisModel, "--dataset", "iris", "--repeats", value,
      ])
      #expect(result.status == 1)
      #expect(result.err.hasPrefix("error: --repeats must be between 1 and 50"))
      #expect(result.err.filter { $0 == "\n" }.count == 1)
      #expect(result.out.isEmpty)
    }
  }

  @Test func servingSweepsAndWhatIfsRefuseRepeatsInOneLine() throws {
    let commands = [
      ["calc", "sweep", "llama-3.1-8b", "--vary", "context=1024,2048", "--repeats", "3"],
      ["calc", "whatif", "llama-3.1-8b", "precision=int4", "--repeats", "3"],
    ]
    for words in commands {
      let result = try run(words)
      #expect(result.status == 1)
      #expect(result.err.hasPrefix("error: --repeats is not available for serving"))
      #expect(result.err.filter { $0 == "\n" }.count == 1)
      #expect(result.out.isEmpty)
    }
  }

  @Test func distillFromOneSeedDrawsNoVerdict() throws {
    let result = try run([
      "calc", "distill", "--teacher", "input(4) dense(16,relu) dense(3)", "--student",
      Self.irisModel, "--dataset", "iris", "--epochs", "2",
    ])
    #expect(result.status == 0, "\(result.err)")
    #expect(!result.out.contains("did not help"))
    #expect(!result.out.contains("Distillation helped"))
    #expect(
      Self.flat(result.out).contains(
        "from one run: no interval, so no verdict"
      )
    )
  }

  @Test func distillWithRepeatsReportsThePairedDifferenceAndAVerdictWord() throws {
    let result = try run([
      "calc", "distill", "--teacher", "input(4) dense(16,relu) dense(3)", "--student",
      Self.irisModel, "--dataset", "iris", "--epochs", "1", "--repeats", "2", "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let report = try object(result.out)
    let difference = try #require(report["accuracy_difference_points"] as? [String: Any])
    #expect(difference["runs"] as? Int == 2)
    let low = try #require(difference["low"] as? Double)
    let high = try #require(difference["high"] as? Double)
    let verdict = try #require(report["verdict"] as? String)
    let expected =
      low > 0 ? "more accurate" : high < 0 ? "less accurate" : "no measurable difference"
    #expect(verdict == expected)
    #expect((report["student"] as? [String: Any])?["accuracy"] is [String: Any])
  }

  @Test func unstructuredPruneStatesLatencyOnlyThroughItsInterval() throws {
    let result = try run([
      "calc", "prune", Self.irisModel, "--dataset", "iris", "--sparsity", "0.8", "--epochs",
      "1", "--finetune-epochs", "0",
    ])
    #expect(result.status == 0, "\(result.err)")
    #expect(!result.out.contains("latency does not"))
    let line = try #require(
      result.out.split(separator: "\n").first { $0.hasPrefix("Latency, pruned against unpruned") }
    )
    #expect(
      line.contains("faster: ") || line.contains("slower: ")
        || line.contains("no measurable difference at this size: ")
    )
    #expect(line.contains("95 % interval"))
  }

  @Test func pruneJSONCarriesTheLatencyChangeInterval() throws {
    let result = try run([
      "calc", "prune", Self.irisModel, "--dataset", "iris", "--sparsity", "0.5", "--epochs",
      "1", "--finetune-epochs", "0", "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let report = try object(result.out)
    let change = try #require(report["latency_change_ms"] as? [String: Any])
    #expect(change["runs"] as? Int == 200)
    #expect((report["before"] as? [String: Any])?["accuracy"] is Double)
  }

  @Test func chartAxisStaysWithinTheDataRange() {
    let latency = Chart(
      title: "Latency vs size",
      xLabel: "bytes",
      yLabel: "ms",
      points: [ChartPoint(x: 1, y: 0.001), ChartPoint(x: 2, y: 0.2), ChartPoint(x: 3, y: 0.4)],
      yBounds: 0...Double.greatestFiniteMagnitude
    )
    #expect(latency.yDomain.lowerBound == 0)
    #expect(latency.yDomain.upperBound > 0.4)
    // Without bounds the 5 % padding would reach below zero.
    let unbounded = Chart(title: "", xLabel: "", yLabel: "", points: latency.points)
    #expect(unbounded.yDomain.lowerBound < 0)

    let accuracy = Chart(
      title: "Accuracy",
      xLabel: "bytes",
      yLabel: "accuracy",
      points: [ChartPoint(x: 1, y: 1), ChartPoint(x: 2, y: 1)],
      yBounds: 0...1
    )
    #expect(accuracy.yDomain.upperBound == 1)
    #expect(accuracy.yDomain.lowerBound < 1 && accuracy.yDomain.lowerBound >= 0)
    let ticks = Chart.ticks(latency.yDomain, count: 5)
    #expect(ticks.allSatisfy { $0 >= 0 })
  }
}

extension MeasurementReportTests {
  @Test func whatifWithRepeatsGivesIntervalsAndVerdictWords() throws {
    let result = try run([
      "calc", "whatif", Self.irisModel, "width=x2", "--epochs", "1", "--repeats", "2", "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let report = try object(result.out)
    #expect(report["seeds"] as? [Int] == [42, 43])
    let before = try #require(report["before"] as? [String: Any])
    #expect((before["accuracy"] as? [String: Any])?["runs"] as? Int == 2)
    #expect(report["after_spec"] as? String == "input(4) dense(16,relu) dense(3)")
    let words = ["more accurate", "less accurate", "no measurable difference"]
    #expect(words.contains(report["accuracy_verdict"] as? String ?? ""))
  }

  @Test func whatifFromOneSeedSaysThereIsNoVerdict() throws {
    let result = try run(["calc", "whatif", Self.irisModel, "width=x2", "--epochs", "1"])
    #expect(result.status == 0, "\(result.err)")
    let text = Self.flat(result.out)
    #expect(text.contains("After against before: accuracy"))
    #expect(text.contains("After against before, timed in alternating rounds: "))
    #expect(text.contains("200 paired runs"))
    #expect(text.contains("from one run: no interval, so no verdict"))
  }

  @Test func sweepWithRepeatsTurnsEveryRowIntoIntervals() throws {
    let result = try run([
      "calc", "sweep", Self.irisModel, "--vary", "width=4,16", "--epochs", "1", "--repeats",
      "2", "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let rows = try #require(
      try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]]
    )
    #expect(rows.count == 2)
    for row in rows {
      #expect(row["vary"] as? String == "width")
      let accuracy = try #require(row["accuracy"] as? [String: Any])
      #expect(accuracy["runs"] as? Int == 2)
      let low = try #require(accuracy["low"] as? Double)
      let high = try #require(accuracy["high"] as? Double)
      #expect(0 <= low && low <= high && high <= 1)
    }
  }

  @Test func quantizeWithRepeatsReportsBothVerdicts() throws {
    let result = try run([
      "calc", "quantize", Self.irisModel, "--dataset", "iris", "--to", "int8", "--epochs", "1",
      "--repeats", "2", "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let report = try object(result.out)
    #expect((report["after"] as? [String: Any])?["size_bytes"] is [String: Any])
    #expect((report["latency_change_ms"] as? [String: Any])?["runs"] as? Int == 200)
    #expect(
      ["faster", "slower", "no measurable difference"].contains(
        report["latency_verdict"] as? String ?? ""
      )
    )
  }
}

extension MeasurementReportTests {
  @Test func pruneOnImbalancedFraudLeadsWithRecallBeforeTheSizeTable() throws {
    let result = try run([
      "calc", "prune", Self.fraudModel, "--dataset", "fraud", "--sparsity", "0.5", "--epochs",
      "1", "--finetune-epochs", "0",
    ])
    #expect(result.status == 0, "\(result.err)")
    let lines = result.out.split(separator: "\n").map(String.init)
    let recall = try #require(lines.firstIndex { $0.hasPrefix("recall at 0.50") })
    let params = try #require(lines.firstIndex { $0.hasPrefix("params ") })
    #expect(recall < params)
    #expect(result.out.contains("recall and PR-AUC first"))
    #expect(result.out.contains("Confusion matrix of the pruned model"))
  }

  @Test func pruneJSONAddsClassificationBeforeAndAfter() throws {
    let result = try run([
      "calc", "prune", Self.fraudModel, "--dataset", "fraud", "--sparsity", "0.5", "--epochs",
      "1", "--finetune-epochs", "0", "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let report = try object(result.out)
    let after = try #require(report["classification_after"] as? [String: Any])
    let before = try #require(report["classification_before"] as? [String: Any])
    #expect((after["binary"] as? [String: Any])?["pr_auc"] is Double)
    #expect(
      (before["accuracy"] as? Double) == (report["before"] as? [String: Any])?["accuracy"]
        as? Double
    )
  }

  @Test func distillAndQuantizeJSONCarryClassificationFigures() throws {
    let distill = try run([
      "calc", "distill", "--teacher", "input(4) dense(16,relu) dense(3)", "--student",
      Self.irisModel, "--dataset", "iris", "--epochs", "1", "--json",
    ])
    #expect(distill.status == 0, "\(distill.err)")
    let figures = try #require(try object(distill.out)["classification"] as? [String: Any])
    for key in ["teacher", "student", "student_from_scratch"] {
      let metrics = try #require(figures[key] as? [String: Any], "\(key)")
      #expect((metrics["confusion"] as? [[Int]])?.count == 3)
      #expect(metrics["macro_f1"] is Double)
    }
    let quantize = try run([
      "calc", "quantize", Self.irisModel, "--dataset", "iris", "--to", "int8", "--epochs", "1",
      "--json",
    ])
    #expect(quantize.status == 0, "\(quantize.err)")
    let after = try #require(try object(quantize.out)["classification_after"] as? [String: Any])
    #expect((after["per_class"] as? [Any])?.count == 3)
  }
}

extension MeasurementReportTests {
  @Test func sweepWithRepeatsJudgesEachStepByItsPairedIntervals() throws {
    let result = try run([
      "calc", "sweep", Self.irisModel, "--vary", "width=4,16", "--epochs", "1", "--repeats", "2",
    ])
    #expect(result.status == 0, "\(result.err)")
    let text = Self.flat(result.out)
    #expect(text.contains("What each step up in size bought, over 2 seeds:"))
    #expect(text.contains("2 paired runs"))
    #expect(text.contains("p50 latency by seed: "))
  }
}

extension MeasurementReportTests {
  /// int8 calibration on 1 %-positive data clips the sigmoid output at its calibrated
  /// maximum, so outputs of exactly 0.5 occur: the quantized accuracy and the classification
  /// figures must decide them the same way (≥ 0.5 is positive, as the float path does).
  @Test func quantizedAccuracyAgreesWithItsConfusionMatrix() throws {
    let result = try run([
      "calc", "quantize", "input(30) dense(16,relu) dense(1,sigmoid)", "--dataset", "fraud",
      "--to", "int8", "--epochs", "3", "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let report = try object(result.out)
    for side in ["before", "after"] {
      let measured = try #require(report[side] as? [String: Any])
      let figures = try #require(report["classification_\(side)"] as? [String: Any])
      let accuracy = try #require(Self.number(measured["accuracy"]), "\(side)")
      #expect(accuracy == Self.number(figures["accuracy"]), "\(side)")
    }
  }
}

extension MeasurementReportTests {
  @Test func pruneWithRepeatsMeasuresEverySeedsFilesTheSameWay() throws {
    let result = try run([
      "calc", "prune", Self.irisModel, "--dataset", "iris", "--sparsity", "0.5", "--epochs", "1",
      "--finetune-epochs", "0", "--repeats", "2", "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let report = try object(result.out)
    #expect(report["seeds"] as? [Int] == [42, 43])
    for side in ["before", "after"] {
      let size = try #require(
        (report[side] as? [String: Any])?["size_bytes"] as? [String: Any],
        "\(side)"
      )
      // Same architecture, same dense file layout: no spread between seeds.
      let low = try #require(Self.number(size["low"]), "\(side)")
      #expect(low > 0 && low == Self.number(size["high"]), "\(side)")
      #expect(size["runs"] as? Int == 2)
    }
    let words = ["more accurate", "less accurate", "no measurable difference"]
    #expect(words.contains(report["accuracy_verdict"] as? String ?? ""))
  }
}
