import Foundation
import GoldilocksCommands
import Terminal
import Testing
import _TestSupport

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `calc distill`, `calc whatif`, `whatif` and `calc sweep`, on tiny models and iris so
/// that debug builds stay quick.
@Suite struct DistillWhatIfSweepTests {
  static let iris = "input(4) dense(8,relu) dense(3)"

  func json(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
  }

  @Test func distillJSONHasTheThreeMeasuredModels() throws {
    let result = runCommand([
      "calc", "distill", "--teacher", "input(4) dense(16,relu) dense(3)", "--student",
      "input(4) dense(4,relu) dense(3)", "--dataset", "iris", "--epochs", "2", "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let object = try #require(try json(result.out) as? [String: Any])
    for key in ["teacher", "student", "student_from_scratch"] {
      let model = try #require(object[key] as? [String: Any], "\(key)")
      for field in ["params", "nonzero_params", "size_bytes", "accuracy", "latency_ms"] {
        #expect(model[field] != nil, "\(key).\(field)")
      }
    }
    #expect((object["teacher"] as? [String: Any])?["params"] as? Int == 4 * 16 + 16 + 16 * 3 + 3)
    #expect((object["student"] as? [String: Any])?["params"] as? Int == 4 * 4 + 4 + 4 * 3 + 3)
  }

  @Test func distillRejectsMismatchedOutputsWithOneErrorLine() {
    let result = runCommand([
      "calc", "distill", "--teacher", "input(4) dense(8,relu) dense(3)", "--student",
      "input(4) dense(2)", "--dataset", "iris",
    ])
    #expect(result.status == 1)
    #expect(result.err.hasPrefix("error: the student: "))
    #expect(result.err.filter { $0 == "\n" }.count == 1)
  }

  @Test func distillHelpSaysAlphaWeightsTheSoftTerm() {
    let result = runCommand(["calc", "distill", "--help"])
    #expect(result.status == 0)
    // "… alpha weights the soft-target term …": the same text as `help calc distill`.
    expectSnapshot(result.out, named: "help-calc-distill", group: "CLISnapshotTests")
  }

  @Test func whatifWidthDoublesHiddenUnitsAndParams() throws {
    let result = runCommand(["calc", "whatif", Self.iris, "width=x2", "--epochs", "1", "--json"])
    #expect(result.status == 0, "\(result.err)")
    let object = try #require(try json(result.out) as? [String: Any])
    #expect(object["changes"] as? [String] == ["width=x2"])
    #expect(object["after_spec"] as? String == "input(4) dense(16,relu) dense(3)")
    let before = try #require(object["before"] as? [String: Any])
    let after = try #require(object["after"] as? [String: Any])
    #expect(before["params"] as? Int == 4 * 8 + 8 + 8 * 3 + 3)
    #expect(after["params"] as? Int == 4 * 16 + 16 + 16 * 3 + 3)
    #expect(object["before_dataset"] as? String == "iris")
  }

  @Test func whatifDepthAndLayerRewriteTheSpec() throws {
    let deeper = runCommand(["calc", "whatif", Self.iris, "depth=+1", "--epochs", "1", "--json"])
    #expect(deeper.status == 0, "\(deeper.err)")
    let object = try #require(try json(deeper.out) as? [String: Any])
    #expect(object["after_spec"] as? String == "input(4) dense(8,relu) dense(8,relu) dense(3)")
    #expect((object["after"] as? [String: Any])?["params"] as? Int == 40 + 72 + 27)
    let replaced = runCommand([
      "calc", "whatif", Self.iris, "layer=2:dense(5,relu)", "--epochs", "1", "--json",
    ])
    #expect(replaced.status == 0, "\(replaced.err)")
    let second = try #require(try json(replaced.out) as? [String: Any])
    #expect(second["after_spec"] as? String == "input(4) dense(5,relu) dense(3)")
    #expect((second["after"] as? [String: Any])?["params"] as? Int == 25 + 18)
  }

  @Test func whatifTableHasBeforeAfterAndChange() {
    let result = runCommand(["calc", "whatif", Self.iris, "width=x0.5", "--epochs", "1"])
    #expect(result.status == 0, "\(result.err)")
    for text in ["before", "after", "change", "params", "memory, inference", "accuracy", "p50"] {
      #expect(result.out.contains(text), "\(text)")
    }
  }

  @Test(
    "bad changes give one error line and exit 1",
    arguments: [
      "width=x0", "depth=+0", "layer=1:dense(3)", "layer=9:dense(3)", "widht=x2", "features=0",
    ]
  )
  func badChangesAreOneErrorLine(change: String) {
    let result = runCommand(["calc", "whatif", Self.iris, change, "--epochs", "1"])
    #expect(result.status == 1, "\(change)")
    #expect(result.err.hasPrefix("error: "), "\(result.err)")
    #expect(result.err.filter { $0 == "\n" }.count == 1, "\(result.err)")
    #expect(result.out.isEmpty)
  }

  @Test func whatifInTheREPLUsesTheLastModel() {
    let none = runCommand(["whatif", "width=x2"])
    #expect(none.status == 1)
    expectSnapshot(none.err, named: "whatif-without-a-model", group: "DistillWhatIfSweepTests")
    let reader = ScriptedLineReader([
      "calc summary \(Self.iris)", "whatif width=x2 --epochs 1", "quit",
    ])
    let output = BufferedOutput()
    let db = NSTemporaryDirectory() + "goldilocks-whatif-\(UUID().uuidString).sqlite"
    REPL.run(
      reader: reader,
      session: Session(
        output: output,
        environment: ["GOLDILOCKS_DB": db, "NO_COLOR": "1", "HOME": NSTemporaryDirectory()],
        lineReader: reader,
        isInteractive: false,
        isREPL: true,
        stdoutIsTerminal: false
      )
    )
    #expect(
      output.standardOutput.contains("after:  input(4) dense(16,relu) dense(3) on iris"),
      "\(output.standardOutput)\(output.standardError)"
    )
  }

  @Test func sweepWritesJSONRowsCSVAndSVG() throws {
    let folder = NSTemporaryDirectory() + "goldilocks-sweep-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let csv = folder + "/points.csv"
    let svg = folder + "/chart.svg"
    let result = runCommand([
      "calc", "sweep", Self.iris, "--vary", "width=2,4,8", "--epochs", "1", "--csv", csv,
      "--svg", svg, "--json",
    ])
    #expect(result.status == 0, "\(result.err)")
    let rows = try #require(try json(result.out) as? [[String: Any]])
    #expect(rows.count == 3)
    #expect(rows.map { $0["value"] as? Double } == [2, 4, 8])
    #expect(rows.map { $0["params"] as? Int } == [19, 35, 67])
    #expect(rows.allSatisfy { $0["vary"] as? String == "width" && $0["latency_ms"] != nil })
    let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines[0].hasPrefix("vary,value,spec,params,nonzero_params,size_bytes,accuracy"))
    let document = try String(contentsOfFile: svg, encoding: .utf8)
    let parser = XMLParser(data: Data(document.utf8))
    #expect(parser.parse(), "\(String(describing: parser.parserError))")
    #expect(document.contains("weight file size (bytes"))
    #expect(document.contains("held-out accuracy (iris)"))
    #expect(document.components(separatedBy: "<circle").count - 1 == 6)
    let again = runCommand([
      "calc", "sweep", Self.iris, "--vary", "width=2,4", "--epochs", "1", "--csv", csv,
    ])
    #expect(again.status == 1)
    #expect(again.err.contains("exists already"))
  }

  @Test func sweepTableAndChartsInTheTerminal() {
    let result = runCommand(["calc", "sweep", Self.iris, "--vary", "depth=0,1,2", "--epochs", "1"])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.contains("Accuracy vs size"))
    #expect(result.out.contains("Latency vs size"))
    #expect(result.out.contains("What each step up in size bought"))
  }

  @Test func chartRendersAxesTicksAndEveryPoint() {
    let chart = Chart(
      title: "Accuracy vs size",
      xLabel: "file size (bytes)",
      yLabel: "accuracy",
      points: [
        ChartPoint(x: 1000, y: 0.80), ChartPoint(x: 4000, y: 0.90),
        ChartPoint(x: 16000, y: 0.95), ChartPoint(x: 64000, y: 0.96),
      ],
      logX: true
    )
    let text = ChartRenderer(width: 60, height: 10).render(chart)
    #expect(text.filter { $0 == ChartRenderer.marker }.count == 4)
    #expect(text.split(separator: "\n").allSatisfy { $0.count <= 60 })
    // Title, axis labels, the log-scale ticks 1000 … 64k, and no escape codes.
    expectSnapshot(text, named: "chart-accuracy-vs-size", group: "DistillWhatIfSweepTests")
  }
}
