import Curriculum
import Foundation
import Testing

/// The foundation-model chapters and their bank: enough exam-style questions, no
/// answer-length cue, and model figures that follow from the published configurations.
@Suite struct FoundationModelContentTests {
  static let library: ContentLibrary? = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.path + "/content/chapters") {
        return try? ContentLibrary.load(root: url.path)
      }
    }
    return nil
  }()

  static let topic = "foundation-models"

  static var questions: [Question] {
    library?.questions.filter { $0.topic == topic } ?? []
  }

  static var sections: [Section] {
    library?.chapters.filter { $0.topics.contains(topic) }.flatMap(\.sections) ?? []
  }

  /// Thousands separators as the content writes them: 8,030,261,248.
  static func grouped(_ value: Int64) -> String {
    let digits = Array(String(value))
    var out = ""
    for (index, digit) in digits.enumerated() {
      if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(digit)
    }
    return out
  }

  /// Parameters of a Llama-style decoder (SwiGLU, RMSNorm, no biases, untied head).
  static func decoderParameters(
    vocab: Int64,
    width: Int64,
    layers: Int64,
    heads: Int64,
    kvHeads: Int64,
    headDim: Int64,
    feedForward: Int64,
    experts: Int64 = 1,
    activeExperts: Int64 = 1
  ) -> (total: Int64, active: Int64) {
    let attention = width * heads * headDim * 2 + width * kvHeads * headDim * 2
    let expert = 3 * width * feedForward
    let router = experts > 1 ? width * experts : 0
    let norms = 2 * width
    let outside = 2 * vocab * width + width
    let total = outside + layers * (attention + experts * expert + router + norms)
    let active = outside + layers * (attention + activeExperts * expert + router + norms)
    return (total, active)
  }

  @Test func theBankHasThirtyQuestionsMostlyOfTheExamsTypes() throws {
    let questions = Self.questions
    #expect(questions.count >= 30, "only \(questions.count) foundation-model questions")
    let examTypes = questions.filter {
      switch $0.kind {
      case .single, .multiple, .ordering, .matching: return true
      case .numeric, .short: return false
      }
    }
    #expect(examTypes.count * 3 >= questions.count * 2, "\(examTypes.count) of \(questions.count)")
    for question in questions {
      #expect(!question.explanation.isEmpty, "\(question.id) has no explanation")
      #expect(!question.hints.isEmpty, "\(question.id) has no hints")
      #expect(question.exams[.c01] != nil && question.exams[.c02] != nil, "\(question.id)")
    }
    let taught = Set(questions.map(\.section))
    for section in Self.sections {
      #expect(taught.contains(section.id), "no question links to \(section.id)")
      #expect(!section.tryCommands.isEmpty, "\(section.id) has no try line")
    }
    #expect(Self.sections.count == 8)
  }

  @Test func keyedOptionsAreNeitherTheLongestNorOneLetter() throws {
    var keyedLongest = 0
    var letters: [Int: Int] = [:]
    var singles = 0
    for question in Self.questions {
      guard case .single(let choices, let answer) = question.kind else { continue }
      singles += 1
      letters[answer, default: 0] += 1
      let longest = choices.map(\.count).max() ?? 0
      if choices[answer].count == longest { keyedLongest += 1 }
    }
    #expect(singles >= 20)
    // By chance the keyed option is the longest about a quarter of the time; stay below it.
    #expect(keyedLongest * 4 <= singles, "keyed option longest in \(keyedLongest) of \(singles)")
    for index in 0..<4 {
      let share = Double(letters[index, default: 0]) / Double(max(singles, 1))
      #expect(share >= 0.15 && share <= 0.35, "letter \(index) keyed in \(share) of singles")
    }
  }

  @Test func modelFiguresFollowFromThePublishedConfigurations() throws {
    let llama = Self.decoderParameters(
      vocab: 128_256,
      width: 4_096,
      layers: 32,
      heads: 32,
      kvHeads: 8,
      headDim: 128,
      feedForward: 14_336
    )
    #expect(llama.total == 8_030_261_248)
    let mixtral = Self.decoderParameters(
      vocab: 32_000,
      width: 4_096,
      layers: 32,
      heads: 32,
      kvHeads: 8,
      headDim: 128,
      feedForward: 14_336,
      experts: 8,
      activeExperts: 2
    )
    let kvPerToken: Int64 = 2 * 32 * 8 * 128 * 2
    let hosting = Self.sections.filter { $0.chapterId == "fm-hosting" }.map(\.body)
      .joined(separator: "\n")
    for figure in [
      llama.total, llama.total * 2, llama.total / 2, mixtral.total, mixtral.active, kvPerToken,
      kvPerToken * 8_192,
    ] {
      #expect(hosting.contains(Self.grouped(figure)), "chapter lacks \(Self.grouped(figure))")
    }
    let answers = Dictionary(
      uniqueKeysWithValues: Self.questions.compactMap { question -> (String, Double)? in
        guard case .numeric(let answer, _, _) = question.kind else { return nil }
        return (question.id, answer)
      }
    )
    let bf16Gigabytes = Double(llama.total * 2) / 1e9
    #expect(abs((answers["foundation-models-019"] ?? 0) - bf16Gigabytes) <= 0.1)
    #expect(answers["foundation-models-023"] == Double(kvPerToken) / 1_024)
    #expect(answers["foundation-models-024"] == Double(kvPerToken * 4_096 * 8) / 1_073_741_824)
    let gpt2PerToken: Int64 = 2 * 12 * 12 * 64 * 2
    #expect(answers["foundation-models-036"] == Double(gpt2PerToken) / 1_024)
    let int8Bound = 800 / (Double(llama.total) / 1e9)
    #expect(abs((answers["foundation-models-031"] ?? 0) - int8Bound) < 0.05)
  }

  @Test func lintRequiresAChapterAndABankForFoundationModels() throws {
    #expect(ContentLinter.requiredTopics.contains(Self.topic))
    let empty = ContentLibrary(root: "", chapters: [], questions: [], diagnostics: [])
    let messages = ContentLinter(checkCommand: { _ in nil }).lint(empty).map(\.message)
    #expect(messages.contains("no chapter covers the topic `foundation-models`"))
    #expect(messages.contains("no question bank covers the topic `foundation-models`"))
  }
}
