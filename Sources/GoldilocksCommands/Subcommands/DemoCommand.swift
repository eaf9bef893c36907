import ArgumentParser
import Foundation
import Terminal

/// `demo FILE`: plays an instructor demo script step by step.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Play an instructor demo script step by step.",
    discussion: """
      A demo file holds narration lines (> text), commands as typed in the REPL,
      and pause lines (---). Enter advances at a pause; --auto SECONDS advances by
      itself. With no argument, lists the shipped demos (content/demos); pass a
      file path or a shipped name. --seed makes every run the same. --large prints
      narration in spaced capitals for a projector.

      The whole file is checked before it starts: a line that is not a step is
      refused with its file:line, and so is a command that deletes or writes
      progress or files (reset, import, export, profile, quiz, calc export, --csv,
      ...) unless you pass --allow-writes.
      """
  )

  /// The longest pause `--auto` may ask for, in seconds.
  static let longestAutoPause = 600.0

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The demo file, or the name of a shipped demo; none lists them.")
  var file: String?
  @Option(
    parsing: .unconditional,
    help: "Advance automatically after this many seconds (0 to 600)."
  )
  var auto: Double?
  @Flag(help: "Large-type friendly narration for projectors.") var large = false
  @Flag(help: "Allow lines that delete or write progress or files (reset, export, ...).")
  var allowWrites = false

  func validate() throws {
    if let auto, !(auto.isFinite && auto >= 0 && auto <= Self.longestAutoPause) {
      throw GoldilocksError.invalidValue(
        "--auto must be a number of seconds from 0 to \(Int(Self.longestAutoPause)), not \(NumberFormat.plain(auto))"
      )
    }
  }

  mutating func run() throws {
    let context = CommandContext(global)
    guard let file else {
      try listShipped(context: context)
      return
    }
    let path = try resolve(file, context: context)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw GoldilocksError.invalidValue("cannot read the demo file \(path)")
    }
    let script = try DemoScript.parse(
      String(decoding: data, as: UTF8.self),
      file: file,
      allowWrites: allowWrites
    )
    try DemoPlayer(
      context: context,
      large: large,
      autoPause: auto,
      extraWords: ["--seed", String(context.seed)] + (global.noColor ? ["--no-color"] : [])
    ).play(script)
  }

  private func resolve(_ name: String, context: CommandContext) throws -> String {
    if FileManager.default.fileExists(atPath: name) {
      // Only a regular file: reading a FIFO or a device such as /dev/zero would hang.
      let type =
        (try? FileManager.default.attributesOfItem(atPath: name))?[.type] as? FileAttributeType
      guard type == .typeRegular else {
        throw GoldilocksError.invalidValue(
          "\(name) is not a regular file; give a .demo file or a shipped demo's name"
        )
      }
      return name
    }
    let folder = try Self.shippedFolder(context: context)
    for candidate in [folder + "/" + name, folder + "/" + name + ".demo"]
    where FileManager.default.fileExists(atPath: candidate) {
      return candidate
    }
    let names = Self.shippedNames(in: folder)
    throw GoldilocksError.invalidValue(
      "no demo file '\(name)'; shipped demos: \(names.joined(separator: ", "))"
    )
  }

  /// content/demos in the content root.
  static func shippedFolder(context: CommandContext) throws -> String {
    try ContentLocator.root(environment: context.session.environment) + "/content/demos"
  }

  /// The names of the shipped demos (file names without `.demo`), sorted.
  static func shippedNames(in folder: String) -> [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return files.filter { $0.hasSuffix(".demo") }.map { String($0.dropLast(5)) }.sorted()
  }

  /// Lists the shipped demos with their titles.
  private func listShipped(context: CommandContext) throws {
    let folder = try Self.shippedFolder(context: context)
    let names = Self.shippedNames(in: folder)
    if context.json {
      struct Entry: Encodable {
        let name: String
        let title: String
      }
      try context.printJSON(
        names.map { Entry(name: $0, title: Self.title(of: folder + "/" + $0 + ".demo")) }
      )
      return
    }
    guard !names.isEmpty else {
      context.say("No demos are shipped in \(folder).")
      return
    }
    context.say("Shipped demos (play one with `demo NAME`; --auto 2 advances by itself):")
    for name in names {
      // A long title continues under itself, not under the name.
      let line = "  \(name): \(Self.title(of: folder + "/" + name + ".demo"))"
      let wrapped = TextWrapper.wrapLine(line, width: context.width, hangingIndent: name.count + 4)
      for part in wrapped { context.output.line(part) }
    }
  }

  /// The `title:` line of a demo file, or its name.
  static func title(of path: String) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
      return (path as NSString).lastPathComponent
    }
    let first = String(decoding: data, as: UTF8.self).split(separator: "\n").first ?? ""
    let line = first.trimmingCharacters(in: .whitespaces)
    if line.lowercased().hasPrefix("title:") {
      return String(line.dropFirst(6)).trimmingCharacters(in: .whitespaces)
    }
    return (path as NSString).lastPathComponent
  }
}
