import Curriculum
import Engine
import Foundation
import SpecLanguage
import Testing

/// The tiny-gpt chapter, its scenario and its bank: every figure computed from tiny-gpt's
/// configuration is what the engine computes, so a wrong answer or a stale figure fails.
@Suite struct LanguageModelContentTests {
  static let root: String? = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.path + "/content/chapters") {
        return url.path
      }
    }
    return nil
  }()

  static let library: ContentLibrary? = root.flatMap { try? ContentLibrary.load(root: $0) }

  static let topic = "language-models"
  static let chapterId = "tiny-gpt"
  static let configuration = GPTConfiguration.tinyGPT

  /// tiny-gpt's spec with another MLP width or block count (the preset's own text).
  static func spec(mlp: Int = 512, blocks: Int = 4) -> String {
    "input(64) tokenembedding(65,128) positions(64)"
      + " decoder(heads=4,mlp=\(mlp),mlp_kind=gelu,norm=layernorm,bias=true)x\(blocks)"
      + " layernorm head(65,tied=true)"
  }

  /// Thousands separators as the content writes them: 809,856.
  static func grouped(_ value: Int) -> String {
    let digits = Array(String(value))
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return out
  }

  /// The figures the lesson teaches, each computed from the engine's model of tiny-gpt.
  struct Figures {
    var attention = 0
    var mlp = 0
    var block = 0
    var total = 0
    var tokenTable = 0
    var positionTable = 0
    var finalNorm = 0
    var untied = 0
    var fp32Bytes = 0
    var fp16Bytes = 0
    var cacheBytes = 0
    var cacheBytesPerToken = 0
    var matrixValues = 0
    var floatRest = 0
    var int8Bytes = 0
    var int4Bytes = 0
    var int4Group64Bytes = 0
    var mlpPruned = 0
    var headPruned = 0
    var student = 0
    var predictions = 0

    /// Weight-only group-wise payload: the matrices at `bits` with a 2-byte scale per
    /// `group` values, everything else in fp32.
    func payload(bits: Int, group: Int) -> Int {
      matrixValues * bits / 8 + (matrixValues / group) * 2 + floatRest * 4
    }
  }

  static func figures() throws -> Figures {
    let model = try GPTModel(configuration: configuration)
    let summary = try ModelSpec.parse("tiny-gpt").summary()
    let block = try #require(model.blocks.first)
    var figures = Figures()
    figures.attention = block.attention.parameterCount
    figures.mlp = block.mlp.parameterCount
    figures.block = block.parameterCount
    figures.total = Int(summary.totalParams)
    figures.tokenTable = model.tokenEmbedding.parameterCount
    figures.positionTable = model.positionEmbedding.parameterCount
    figures.finalNorm = model.finalNorm.parameterCount
    figures.untied = figures.total + configuration.vocabularySize * configuration.width
    figures.fp32Bytes = Int(summary.bytes.fp32)
    figures.fp16Bytes = Int(summary.bytes.fp16)
    figures.cacheBytes =
      KeyValueCache(
        layers: configuration.layers,
        capacity: configuration.contextLength,
        width: configuration.width
      ).bytes
    figures.cacheBytesPerToken = model.blocks.reduce(0) { $0 + $1.attention.keyValueBytesPerToken }
    figures.matrixValues = model.matrices.reduce(0) { $0 + $1.count }
    figures.floatRest = figures.total - figures.matrixValues
    figures.int8Bytes = figures.payload(bits: 8, group: 32)
    figures.int4Bytes = figures.payload(bits: 4, group: 32)
    figures.int4Group64Bytes = figures.payload(bits: 4, group: 64)
    var narrow = configuration
    narrow.hiddenWidth = 256
    figures.mlpPruned = try GPTModel(configuration: narrow).parameterCount
    // One head fewer: its rows of q, k and v (weights and biases), its columns of c_proj.
    let head = block.attention.headSize
    let removedPerBlock = 3 * (head * configuration.width + head) + head * configuration.width
    figures.headPruned = figures.total - configuration.layers * removedPerBlock
    var shallow = configuration
    shallow.layers = 2
    figures.student = try GPTModel(configuration: shallow).parameterCount
    figures.predictions =
      LanguageTrainingRecipe(steps: 2_000).batchSize * configuration.contextLength * 2_000
    return figures
  }

  static var questions: [Question] {
    library?.questions.filter { $0.topic == topic } ?? []
  }

  static var sections: [Section] {
    library?.chapters.first { $0.id == chapterId }?.sections ?? []
  }

  @Test func theEnginesPartsAddUpToTheSummarysTotal() throws {
    let figures = try Self.figures()
    #expect(figures.total == Self.configuration.parameterCount)
    #expect(figures.total == (try GPTModel(configuration: Self.configuration)).parameterCount)
    #expect(
      figures.tokenTable + figures.positionTable + Self.configuration.layers * figures.block
        + figures.finalNorm == figures.total
    )
    #expect(figures.fp32Bytes == 4 * figures.total)
    // The shapes the chapter asks the learner to summarize count as the trainable models do.
    let narrow = try ModelSpec.parse(Self.spec(mlp: 256)).summary().totalParams
    let shallow = try ModelSpec.parse(Self.spec(blocks: 2)).summary().totalParams
    #expect(Int(narrow) == figures.mlpPruned)
    #expect(Int(shallow) == figures.student)
    #expect(figures.matrixValues + figures.floatRest == figures.total)
    #expect(figures.matrixValues % 64 == 0, "groups of 32 and 64 must divide the matrices")
  }

  @Test func everyNumericAnswerIsComputedFromTheModel() throws {
    let figures = try Self.figures()
    let vocabulary = Double(Self.configuration.vocabularySize)
    let expected: [String: Double] = [
      "language-models-001": Double(figures.attention),
      "language-models-002": Double(figures.mlp),
      "language-models-003": Double(figures.block),
      "language-models-004": Double(figures.total),
      "language-models-005": Double(figures.untied),
      "language-models-006": Double(figures.fp32Bytes),
      "language-models-007": Double(figures.cacheBytes),
      "language-models-008": Double(16 * figures.cacheBytes),
      "language-models-009": Double(8 * figures.cacheBytes / 2),
      "language-models-010": Double(figures.cacheBytesPerToken),
      "language-models-011": Double(figures.int8Bytes),
      "language-models-012": Double(figures.int4Bytes),
      "language-models-013": Double(figures.int4Group64Bytes),
      "language-models-014": exp(1.8829),
      "language-models-015": log(vocabulary),
      "language-models-016": exp(log(vocabulary)),
      "language-models-017": Double(figures.mlpPruned),
      "language-models-018": Double(figures.headPruned),
      "language-models-019": Double(figures.student),
      "language-models-020": Double(figures.predictions),
    ]
    var checked = 0
    for question in Self.questions {
      guard case .numeric(let answer, let tolerance, _) = question.kind else { continue }
      guard let value = expected[question.id] else {
        Issue.record("\(question.id) is numeric but this test does not compute its answer")
        continue
      }
      checked += 1
      #expect(
        abs(answer - value) <= tolerance + 1e-9,
        "\(question.id): bank says \(answer) ± \(tolerance), the model gives \(value)"
      )
    }
    #expect(checked == expected.count, "\(checked) of \(expected.count) computed answers found")
    #expect(checked >= 12)
  }

  @Test func theChapterAndTheScenarioQuoteTheEnginesFigures() throws {
    let figures = try Self.figures()
    let chapter = Self.sections.map(\.body).joined(separator: "\n")
    for figure in [
      figures.attention, figures.mlp, figures.block, figures.total, figures.untied,
      figures.fp32Bytes, figures.cacheBytes, figures.cacheBytesPerToken, 16 * figures.cacheBytes,
      figures.matrixValues, figures.floatRest, figures.int8Bytes, figures.int4Bytes,
      figures.mlpPruned, figures.headPruned, figures.student, figures.predictions,
    ] {
      #expect(chapter.contains(Self.grouped(figure)), "chapter lacks \(Self.grouped(figure))")
    }
    let scenario = try #require(
      Self.library?.scenarios.first { $0.topics.contains(Self.topic) }
    )
    for figure in [
      figures.total, figures.fp32Bytes, figures.fp16Bytes, figures.matrixValues,
      figures.floatRest, figures.int8Bytes, figures.int4Bytes, figures.cacheBytes,
    ] {
      #expect(scenario.setup.contains(Self.grouped(figure)), "scenario lacks \(figure)")
    }
    #expect(Self.sections.contains { $0.id == scenario.section })
    // The budget decision: only the quantized files fit in 1,000,000 bytes.
    #expect(figures.fp16Bytes > 1_000_000 && figures.int8Bytes < 1_000_000)
  }

  @Test func measuredFiguresQuotedAreTheRecordedRuns() throws {
    // The lesson quotes measurements only from the run written down in the model's doc.
    let root = try #require(Self.root)
    let record = try String(
      contentsOfFile: root + "/docs/tiny-language-model.md",
      encoding: .utf8
    )
    let chapter = Self.sections.map(\.body).joined(separator: "\n")
    for figure in ["1.8829", "6.57", "84.9 s", "1.8952", "87.1 s", "7,361", "461"] {
      #expect(chapter.contains(figure), "chapter lacks \(figure)")
      #expect(record.contains(figure), "docs/tiny-language-model.md does not record \(figure)")
    }
  }

  @Test func everySectionHasATryLineAndAQuestion() throws {
    let sections = Self.sections
    #expect(
      sections.map(\.id) == [
        "tinygpt-count", "tinygpt-train", "tinygpt-generate", "tinygpt-compress",
      ]
    )
    let taught = Set(Self.questions.map(\.section))
    for section in sections {
      #expect(!section.tryCommands.isEmpty, "\(section.id) has no try line")
      #expect(taught.contains(section.id), "no question links to \(section.id)")
    }
    for question in Self.questions {
      #expect(!question.hints.isEmpty, "\(question.id) has no hints")
      #expect(question.exams[.c01] != nil && question.exams[.c02] != nil, "\(question.id)")
    }
    #expect(ContentLinter.requiredTopics.contains(Self.topic))
  }
}
