import ArgumentParser

/// The options `calc quantize`, `calc prune` and `calc distill` take for a language model
/// (tiny-gpt): which trained model to start from and how generation speed is timed.
struct LanguageModelOptions: ParsableArguments {
  @Option(
    parsing: .unconditional,
    help:
      "Language models only: the steps the fp32 model is trained for, as in calc train (its cached weights are reused; e.g. 2000)."
  )
  var steps: Int?
  @Option(
    parsing: .unconditional,
    help:
      "Language models only: alternating rounds timing generation with the KV cache (default \(LanguageModelOptions.defaultRounds))."
  )
  var rounds: Int?
  @Option(
    name: .customLong("timing-tokens"),
    parsing: .unconditional,
    help:
      "Language models only: tokens generated in each timing round (default \(LanguageModelOptions.defaultTimingTokens))."
  )
  var timingTokens: Int?

  static let defaultRounds = 10
  static let defaultTimingTokens = 256

  /// The options given on the command line, spelled as flags.
  var given: [String] {
    [
      ("--steps", steps != nil), ("--rounds", rounds != nil),
      ("--timing-tokens", timingTokens != nil),
    ]
    .filter(\.1).map(\.0)
  }

  /// Refuses these options for a model that is not a language model.
  func refuse(for model: String) throws {
    if let flag = given.first {
      throw GoldilocksError.invalidValue(
        "\(flag): only language models such as tiny-gpt take it; \(model) trains in passes over the data (--epochs)"
      )
    }
  }

  /// Timing rounds, checked.
  func validatedRounds() throws -> Int {
    let rounds = rounds ?? Self.defaultRounds
    guard (2...100).contains(rounds) else {
      throw GoldilocksError.invalidValue(
        "--rounds: give between 2 and 100 timing rounds (two at least, for an interval), got \(rounds)"
      )
    }
    return rounds
  }

  /// Tokens per timing round, checked.
  func validatedTimingTokens() throws -> Int {
    let tokens = timingTokens ?? Self.defaultTimingTokens
    guard (1...10_000).contains(tokens) else {
      throw GoldilocksError.invalidValue(
        "--timing-tokens: give between 1 and 10000 tokens per timing round, got \(tokens)"
      )
    }
    return tokens
  }

  /// Refuses, for compressing a trained language model, the epoch-training options (all but
  /// `--batch`) and `--repeats`: the model is trained once, in steps.
  static func refuseClassicTraining(_ training: TrainingOptions, _ repeating: RepeatOptions)
    throws
  {
    if let other = training.given.first(where: { $0 != "--batch" }) {
      throw GoldilocksError.invalidValue(
        "\(other): a language model is trained in --steps with nanoGPT's AdamW recipe; give --steps N and optionally --batch N"
      )
    }
    if repeating.isRepeated {
      throw GoldilocksError.invalidValue(
        "--repeats: a language model is trained once; its loss change gets an interval over the validation windows and its speed change over --rounds N alternating timing rounds"
      )
    }
  }
}
