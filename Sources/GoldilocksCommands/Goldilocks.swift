import ArgumentParser
import Foundation
import Terminal

/// The root command: with no subcommand it starts the REPL.
public struct Goldilocks: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "goldilocks",
    abstract: "Learn how big a machine-learning model should be, by measuring it.",
    discussion: """
      With no command, goldilocks starts an interactive session (a REPL) where
      every command below can be typed. Models are written in the model spec
      language, e.g. 'input(784) dense(128,relu) dense(10)'; quote specs on the
      command line.
      """,
    subcommands: [
      StudyCommand.self, TocCommand.self, ReadCommand.self, NextCommand.self, BackCommand.self,
      SearchCommand.self, QuizCommand.self, DrillCommand.self, ReviewCommand.self, ExamCommand.self,
      ScenarioCommand.self, ProgressCommand.self, ClassCommand.self, ResetCommand.self,
      ProfileCommand.self,
      CalcCommand.self, ExplainCommand.self, WhatIfCommand.self, TryCommand.self,
      SrsCommand.self, ContentCommand.self, DemoCommand.self, ExportCommand.self,
      ImportCommand.self, QuitCommand.self,
    ]
  )

  @OptionGroup var global: GlobalOptions

  public init() {}

  public mutating func run() throws {
    let context = CommandContext(global)
    if context.session.isREPL {
      context.output.line("You are in the REPL already; type `help` for the commands.")
      return
    }
    try REPL.start(options: global)
  }
}
