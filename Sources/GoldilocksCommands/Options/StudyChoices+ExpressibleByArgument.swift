import ArgumentParser

// Study enums of the command layer that are also option values; their `allCases` are the
// option's valid values and the REPL's completion for it.

/// `class --sort name|readiness|accuracy|answered|active`.
extension ClassRoster.SortKey: ExpressibleByArgument {}

/// `drill --kind`, one of the generated question templates.
extension QuestionGenerator.Template: ExpressibleByArgument {}
