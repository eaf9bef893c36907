import ArgumentParser
import Engine

/// The split criteria `calc tree --criterion` offers for classification; regression
/// always splits on squared error.
enum TreeCriterion: String, CaseIterable, ExpressibleByArgument {
  case gini, entropy

  /// The criterion named in any case (`Gini` works, as it always has).
  init?(argument: String) {
    self.init(rawValue: argument.lowercased())
  }

  /// The engine's criterion of the same name.
  var splitCriterion: TreeParameters.SplitCriterion {
    switch self {
    case .gini: .gini
    case .entropy: .entropy
    }
  }
}
