/// Entry points that let tests reach the REPL's line splitting and completion.
public enum CommandLineSplitterProbe {
  /// Splits a line into words as the REPL does.
  public static func split(_ line: String) throws -> [String] {
    try CommandLineSplitter.split(line)
  }
}

/// Completion candidates as the REPL computes them for readline.
public enum CompletionProbe {
  /// The candidates for `word` after the text `before`.
  public static func candidates(before: String, word: String) -> [String] {
    CompletionProvider.standard().candidates(lineBeforeWord: before, word: word)
  }
}
