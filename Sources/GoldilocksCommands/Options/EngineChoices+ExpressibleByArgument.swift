import ArgumentParser
import Curriculum
import Engine
import Lab

// Engine and curriculum enums whose cases are exactly an option's values, taken as they
// are: the option's valid values, its error line and the REPL's tab completion all read
// the same `allCases` (see `CommandCatalog.Argument.listedValues`).

/// `calc quantize --to fp16|int8|int4`.
extension QuantizationTarget: ExpressibleByArgument {}

/// `calc serve --precision fp32|bf16|fp16|int8|int4`.
extension ServingPrecision: ExpressibleByArgument {}

/// `calc summary --convention keras|torch`.
extension CountingConvention: ExpressibleByArgument {}

/// `calc select --method anova|rfe` (in any case, as before: `ANOVA` works).
extension ClassicalSelection.Method: ExpressibleByArgument {
  public init?(argument: String) {
    self.init(rawValue: argument.lowercased())
  }
}

/// `toc`, `quiz` and `exam --exam c01|c02`.
extension Exam: ExpressibleByArgument {}
