/// The width that text of the running command is laid out to.
///
/// The command runner sets it for the duration of one command (the terminal's width, or
/// `COLUMNS`, or 80 in a pipe), so that tables and wrapped prose fit without every call
/// site passing a width along.
public enum TextLayout {
  /// The width of the running command's output; `nil` outside a command (no limit).
  @TaskLocal public static var width: Int?
}
