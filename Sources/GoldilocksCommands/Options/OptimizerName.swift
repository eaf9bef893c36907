import ArgumentParser
import Engine

/// The optimizers `--optimizer` names; the recipe takes the name itself.
enum OptimizerName: String, CaseIterable, ExpressibleByArgument {
  case adam, sgd
}
