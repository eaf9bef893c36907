/// `calc regularize` lines in chapters are checked like the other calculator commands.
extension CalcRegularizeCommand: TryLineCheckable {
  func lintProblems() -> [String] { [DatasetNames.problem(dataset)].compactMap { $0 } }
}
