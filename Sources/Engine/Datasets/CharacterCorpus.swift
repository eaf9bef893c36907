import Foundation

/// A text corpus for character-level language models, split as nanoGPT's `shakespeare_char`.
///
/// The vocabulary is every distinct character of the whole text sorted by code point (Python's
/// `sorted(set(text))`), each character's token is its index there, and the first 90 % of the
/// tokens (`Int(count × 0.9)`, rounded down) train while the last 10 % validate, exactly as
/// nanoGPT's `data/shakespeare_char/prepare.py` does.
public struct CharacterCorpus: Sendable {
  /// The dataset name (`shakespeare`).
  public let name: String
  /// One line saying what the text is and where it comes from.
  public let summary: String
  /// The vocabulary, sorted by Unicode scalar value; token `i` is `vocabulary[i]`.
  public let vocabulary: [Unicode.Scalar]
  /// The training tokens (the first 90 % of the text).
  public let train: [Int32]
  /// The validation tokens (the last 10 % of the text).
  public let validation: [Int32]

  /// Splits `text` into a vocabulary and train/validation tokens.
  public init(name: String, summary: String, text: String) throws(DatasetError) {
    let scalars = Array(text.unicodeScalars)
    guard scalars.count >= 20 else {
      throw .invalidParameter(
        "the text of '\(name)' is too short to split into train and validation"
      )
    }
    let vocabulary = Set(scalars).sorted { $0.value < $1.value }
    var index: [Unicode.Scalar: Int32] = [:]
    for (position, scalar) in vocabulary.enumerated() { index[scalar] = Int32(position) }
    let tokens = scalars.map { index[$0] ?? 0 }
    let trainCount = Int(Double(tokens.count) * 0.9)
    self.name = name
    self.summary = summary
    self.vocabulary = vocabulary
    self.train = Array(tokens[..<trainCount])
    self.validation = Array(tokens[trainCount...])
  }

  /// The number of distinct characters.
  public var vocabularySize: Int { vocabulary.count }

  /// The tokens of `text`, or `nil` with the first character outside the vocabulary.
  public func encode(_ text: String) -> Result<[Int32], CharacterCorpusError> {
    var index: [Unicode.Scalar: Int32] = [:]
    for (position, scalar) in vocabulary.enumerated() { index[scalar] = Int32(position) }
    var tokens: [Int32] = []
    for scalar in text.unicodeScalars {
      guard let token = index[scalar] else {
        return .failure(
          CharacterCorpusError(
            character: scalar,
            corpus: name,
            available: String(String.UnicodeScalarView(vocabulary.filter { $0.value > 0x20 }))
          )
        )
      }
      tokens.append(token)
    }
    return .success(tokens)
  }

  /// The text of `tokens`; tokens outside the vocabulary are skipped.
  public func decode(_ tokens: [Int32]) -> String {
    var text = String.UnicodeScalarView()
    for token in tokens where token >= 0 && Int(token) < vocabulary.count {
      text.append(vocabulary[Int(token)])
    }
    return String(text)
  }
}

/// A prompt character the corpus never saw, so the model has no token for it.
public struct CharacterCorpusError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The character without a token.
  public let character: Unicode.Scalar
  /// The corpus whose vocabulary lacks it.
  public let corpus: String
  /// The printable characters the corpus has.
  public let available: String

  public var description: String {
    let shown =
      character.properties.isWhitespace || character.value < 0x20
      ? "U+" + String(character.value, radix: 16, uppercase: true) : "'\(character)'"
    return "the character \(shown) is not in the \(corpus) vocabulary; "
      + "use letters, spaces, newlines and these: \(available.filter { !$0.isLetter })"
  }
}
