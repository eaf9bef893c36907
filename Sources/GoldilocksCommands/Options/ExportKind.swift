import ArgumentParser

/// What `export --what` writes: the progress archive `import` reads, or Anki notes.
enum ExportKind: String, CaseIterable, ExpressibleByArgument {
  case progress, anki
}
