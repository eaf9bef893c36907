/// Reports, with exit status 1, that a command's feature has not landed yet.
func notAvailableYet(_ command: String) throws -> Never {
  throw GoldilocksError.notAvailableYet(command: command)
}
