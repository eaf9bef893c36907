import Foundation
import Testing

@testable import GoldilocksCommands

/// Tab completion of `class`: its subcommands, its default subcommand's flags and their
/// values, and topic ids after `class topic`.
@Suite struct ClassCompletionTests {
  let provider = CompletionProvider.standard()

  @Test func classCompletesItsSubcommands() {
    #expect(provider.candidates(lineBeforeWord: "class ", word: "") == ["overview", "topic"])
    #expect(provider.candidates(lineBeforeWord: "class ", word: "t") == ["topic"])
  }

  @Test func classCompletesTheFlagsOfTheOverviewItRuns() {
    let flags = provider.candidates(lineBeforeWord: "class ", word: "--")
    for flag in ["--csv", "--sort", "--reverse", "--json", "--db"] {
      #expect(flags.contains(flag), "\(flags)")
    }
    #expect(provider.candidates(lineBeforeWord: "class ", word: "--so") == ["--sort"])
    #expect(provider.candidates(lineBeforeWord: "class --csv ", word: "--r") == ["--reverse"])
  }

  @Test func classSortCompletesItsKeys() {
    #expect(
      provider.candidates(lineBeforeWord: "class --sort ", word: "")
        == ["accuracy", "active", "answered", "name", "readiness"]
    )
    #expect(
      provider.candidates(lineBeforeWord: "class --sort ", word: "a") == [
        "accuracy", "active", "answered",
      ]
    )
    #expect(
      provider.candidates(lineBeforeWord: "class overview --csv --sort ", word: "r")
        == ["readiness"]
    )
    #expect(provider.candidates(lineBeforeWord: "class ", word: "--sort=n") == ["--sort=name"])
  }

  @Test func classTopicCompletesTopicIdsAndItsFlags() throws {
    let topics = provider.candidates(lineBeforeWord: "class topic ", word: "")
    #expect(topics.contains("pruning"), "\(topics)")
    #expect(topics.contains("quantization"), "\(topics)")
    #expect(provider.candidates(lineBeforeWord: "class topic ", word: "prun") == ["pruning"])
    let flags = provider.candidates(lineBeforeWord: "class topic pruning ", word: "--")
    #expect(flags.contains("--csv"), "\(flags)")
    #expect(flags.contains("--json"), "\(flags)")
  }
}
