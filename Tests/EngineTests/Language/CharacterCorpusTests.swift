import Foundation
import Testing

@testable import Engine

@Suite("Character corpus")
struct CharacterCorpusTests {
  static let corpus = Result { try DatasetTests.catalog.corpus("shakespeare") }

  @Test func shakespeareSplitsAsNanoGPTDoes() throws {
    let corpus = try Self.corpus.get()
    // prepare.py: n = 1,115,394; train = data[:int(n*0.9)], val = data[int(n*0.9):].
    #expect(corpus.train.count == 1_003_854)
    #expect(corpus.validation.count == 111_540)
    #expect(corpus.vocabularySize == 65)
  }

  @Test func theVocabularyIsSortedByCodePoint() throws {
    let corpus = try Self.corpus.get()
    let text = String(String.UnicodeScalarView(corpus.vocabulary))
    #expect(text == "\n !$&',-.3:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    // The corpus opens "First Citizen:" and nanoGPT's ids for it are 18 47 56 57 58 1.
    #expect(Array(corpus.train.prefix(6)) == [18, 47, 56, 57, 58, 1])
  }

  @Test func encodingAndDecodingRoundTrip() throws {
    let corpus = try Self.corpus.get()
    let text = "ROMEO:\nBut, soft! what light?"
    let tokens = try corpus.encode(text).get()
    #expect(corpus.decode(tokens) == text)
    #expect(corpus.decode(Array(corpus.validation.prefix(40))).count == 40)
  }

  @Test func aCharacterOutsideTheVocabularyIsNamed() throws {
    let corpus = try Self.corpus.get()
    guard case .failure(let error) = corpus.encode("Zoë") else {
      Issue.record("ë is not in tiny Shakespeare")
      return
    }
    #expect(error.character == "ë")
    #expect(error.description.contains("'ë' is not in the shakespeare vocabulary"))
  }

  @Test func theCatalogListsShakespeareAndRefusesToTabulateIt() throws {
    #expect(DatasetCatalog.names.contains("shakespeare"))
    #expect(throws: DatasetError.self) { try DatasetTests.catalog.load("shakespeare") }
    #expect(throws: DatasetError.self) { try DatasetTests.catalog.corpus("mnist") }
  }
}
