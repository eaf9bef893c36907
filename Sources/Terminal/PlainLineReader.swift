import Foundation

/// Reads lines from standard input without a prompt and without line editing.
///
/// Used when stdin is not a terminal, so that `printf 'help\nquit\n' | goldilocks`
/// prints only the commands' output.
///
/// When a person types at a terminal but stdout goes to a pipe (`goldilocks quiz | tee
/// log`), readline is not used and the prompt would be lost in the pipe; such a reader is
/// made with `promptsOnStandardError`, so the person still sees where to type.
public final class PlainLineReader: LineReader {
  let promptsOnStandardError: Bool
  let input: StandardInputLines

  public init(promptsOnStandardError: Bool = false) {
    self.promptsOnStandardError = promptsOnStandardError
    input = .shared
  }

  /// A reader of another descriptor (a pipe in tests).
  init(input: StandardInputLines) {
    promptsOnStandardError = false
    self.input = input
  }

  public func readLine(prompt: String) -> String? {
    if promptsOnStandardError, !prompt.isEmpty {
      FileHandle.standardError.write(Data(prompt.utf8))
    }
    return input.readLine()
  }
}
