import Engine
import Foundation
import SpecLanguage
import Terminal

/// What-ifs and sweeps over the serving settings of a language model (no training: every
/// figure is computed from the architecture and the catalog).
struct ServeComparison {
  let context: CommandContext

  /// `--json` of `calc whatif` for serving changes.
  struct WhatIfReport: Encodable {
    let changes: [String]
    let before: CalcServeCommand.Report
    let after: CalcServeCommand.Report
  }

  /// One point of a serving sweep.
  struct Row: Encodable {
    let vary: String
    let value: String
    let report: CalcServeCommand.Report

    enum Keys: String, CodingKey { case vary, value }

    func encode(to encoder: any Encoder) throws {
      try report.encode(to: encoder)
      var container = encoder.container(keyedBy: Keys.self)
      try container.encode(vary, forKey: .vary)
      try container.encode(value, forKey: .value)
    }
  }

  /// The knobs a serving sweep can vary, with the values used when none are given.
  static let sweepDefaults: [String: [String]] = [
    "context": ["1024", "2048", "4096", "8192", "16384", "32768", "65536", "131072"],
    "batch": ["1", "2", "4", "8", "16", "32", "64"],
    "precision": ["fp32", "bf16", "int8", "int4"],
    "group": ["32", "64", "128", "256", "1024"],
  ]

  /// Whether `vary` (`context` or `context=1024,4096`) is a serving sweep.
  static func isServingSweep(_ vary: String) -> Bool {
    let name = vary.split(separator: "=", maxSplits: 1).first.map(String.init) ?? vary
    return sweepDefaults[name] != nil && (vary.contains("=") || !vary.isEmpty)
      && !["width", "depth", "sparsity", "bits"].contains(name)
  }

  func model(_ words: [String]) throws -> (name: String, model: ServingModel) {
    let input = SpecInput(words)
    let description = try input.model(in: context)
    do {
      return (description.presetName ?? input.text, try ServingModel(model: description))
    } catch {
      throw GoldilocksError.invalidValue(error.description)
    }
  }

  func planner() throws -> ServePlanner {
    ServePlanner(catalog: try ServePlanner.catalog(environment: context.session.environment))
  }

  /// `calc whatif MODEL precision=int4 context=x4 ...`: the default settings, then the changes.
  func whatIf(modelWords: [String], changes: [String]) throws {
    let (name, model) = try self.model(modelWords)
    let before = ServeSettings(context: model.defaultContext)
    var after = before
    for change in changes { try after.apply(change) }
    let planner = try self.planner()
    let first = try planner.plan(model: model, options: before.options, target: before.target)
    let second = try planner.plan(model: model, options: after.options, target: after.target)
    let beforeReport = CalcServeCommand.report(model: name, options: before.options, plan: first)
    let afterReport = CalcServeCommand.report(model: name, options: after.options, plan: second)
    if context.json {
      try context.printJSON(
        WhatIfReport(changes: changes, before: beforeReport, after: afterReport)
      )
      return
    }
    context.output.line(
      context.color.apply(
        .bold,
        to: "What if \(name) is served with \(changes.joined(separator: " "))?"
      )
    )
    context.say("before: " + before.label)
    context.say("after:  " + after.label)
    context.output.line(
      TextTable(
        header: ["", "before", "after"],
        rows: Self.rows(beforeReport).indices.map { index in
          [
            Self.rows(beforeReport)[index].0, Self.rows(beforeReport)[index].1,
            Self.rows(afterReport)[index].1,
          ]
        },
        alignments: [.left, .right, .right]
      ).render()
    )
    context.say(
      "Formulas: run calc serve with the same settings. Prices as of \(afterReport.pricesAsOf ?? beforeReport.pricesAsOf ?? "unknown")."
    )
  }

  /// `calc sweep MODEL --vary context[=V1,V2,...]`.
  func sweep(modelWords: [String], vary: String, csv: String?) throws {
    let parts = vary.split(separator: "=", maxSplits: 1).map(String.init)
    let knob = parts[0]
    let values =
      parts.count > 1
      ? parts[1].split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
      : (Self.sweepDefaults[knob] ?? [])
    guard !values.isEmpty, values.count <= 64 else {
      throw GoldilocksError.invalidValue(
        "--vary \(knob) needs 1 to 64 values, e.g. \(knob)=1024,4096"
      )
    }
    if let csv, FileManager.default.fileExists(atPath: csv) {
      throw GoldilocksError.invalidValue(
        "\(csv) exists already and is left untouched; choose another file name"
      )
    }
    let (name, model) = try self.model(modelWords)
    let planner = try self.planner()
    var rows: [Row] = []
    for value in values {
      var settings = ServeSettings(context: model.defaultContext)
      try settings.apply("\(knob)=\(value)")
      let plan = try planner.plan(model: model, options: settings.options, target: settings.target)
      rows.append(
        Row(
          vary: knob,
          value: value,
          report: CalcServeCommand.report(model: name, options: settings.options, plan: plan)
        )
      )
    }
    if let csv {
      var text =
        "\(knob),weights_bytes,kv_cache_bytes,total_bytes,fits,smallest_fit,decode_tokens_per_second,cost_per_million_tokens\n"
      for row in rows {
        let report = row.report
        text +=
          [
            row.value, "\(report.weightsBytes)", "\(report.kvCacheBytes)", "\(report.totalBytes)",
            "\(report.fits)",
            report.smallestFit ?? "",
            report.decodeTokensPerSecond.map { String(format: "%.3f", $0) } ?? "",
            report.costPerMillionTokens.map { String(format: "%.4f", $0) } ?? "",
          ].joined(separator: ",") + "\n"
      }
      guard FileManager.default.createFile(atPath: csv, contents: Data(text.utf8)) else {
        throw GoldilocksError.invalidValue("\(csv) could not be written; check the folder exists")
      }
    }
    if context.json {
      try context.printJSON(rows)
      return
    }
    context.output.line(
      context.color.apply(.bold, to: "\(name): serving figures by \(knob)")
        + " (other settings: bf16, context 4096, batch 1, best-value instance)"
    )
    let largest = rows.map { max($0.report.weightsBytes, $0.report.kvCacheBytes) }.max() ?? 1
    context.output.line(
      TextTable(
        header: [
          knob, "weights", "KV cache", "KV vs weights", "total", "best fit", "tokens/s",
          "$/M tokens",
        ],
        rows: rows.map { row in
          let report = row.report
          return [
            row.value, NumberFormat.bytes(report.weightsBytes),
            NumberFormat.bytes(report.kvCacheBytes),
            Self.bar(report.kvCacheBytes, report.weightsBytes, largest),
            NumberFormat.bytes(report.totalBytes), report.smallestFit ?? "none fits",
            report.decodeTokensPerSecond.map { String(format: "%.0f", $0) } ?? "–",
            report.costPerMillionTokens.map { String(format: "%.2f", $0) } ?? "–",
          ]
        },
        alignments: [.right, .right, .right, .left, .right, .left, .right, .right]
      ).render()
    )
    context.say(
      "Bars: █ KV cache, ░ weights, on one scale. Where the KV cache outgrows the weights, context and batch decide the memory."
    )
    if let csv { context.say("Points written to \(csv).") }
  }

  private static func bar(_ cache: Int64, _ weights: Int64, _ largest: Int64) -> String {
    let width = 16.0
    let kv = Int((Double(cache) / Double(max(largest, 1)) * width).rounded())
    let w = Int((Double(weights) / Double(max(largest, 1)) * width).rounded())
    return String(repeating: "█", count: kv).padding(
      toLength: Int(width) + 1,
      withPad: " ",
      startingAt: 0
    )
      + String(repeating: "░", count: w)
  }

  private static func rows(_ report: CalcServeCommand.Report) -> [(String, String)] {
    [
      ("weights", NumberFormat.bytes(report.weightsBytes)),
      ("KV cache", NumberFormat.bytes(report.kvCacheBytes)),
      ("activations", NumberFormat.bytes(report.activationBytes)),
      ("total", NumberFormat.bytes(report.totalBytes)),
      ("on", report.hardware ?? "none"),
      ("fits", report.fits ? "yes" : "no"),
      ("best-value fit", report.smallestFit ?? "none"),
      (
        "decode tokens/s (bound)",
        report.decodeTokensPerSecond.map { String(format: "%.0f", $0) } ?? "–"
      ),
      ("prefill", report.prefillSeconds.map { String(format: "%.2f s", $0) } ?? "–"),
      (
        "$ per million tokens",
        report.costPerMillionTokens.map { String(format: "%.2f", $0) } ?? "–"
      ),
    ]
  }
}
