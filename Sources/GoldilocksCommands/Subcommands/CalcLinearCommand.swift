import ArgumentParser
import Engine
import Lab

/// `calc linear`: train a linear or logistic model with L1/L2 and count its zero weights.
struct CalcLinearCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "linear",
    abstract: "Train a linear or logistic model with L1/L2 and count its zero weights.",
    discussion: """
      Linear regression (least squares; ridge with --l2, lasso with --l1, as
      scikit-learn's alpha) on a regression set; logistic regression on a
      classification set (mean cross-entropy plus the penalty). L1 sets weights to
      exactly zero, so the model is written twice: dense (every weight) and sparse
      (a one-bit-per-weight mask plus the nonzero weights). size_bytes is the
      dense file; both files are written and read back.
      """
  )

  @OptionGroup var global: GlobalOptions
  @Option(help: "The dataset (see `calc datasets`).") var dataset: String
  @Option(parsing: .unconditional, help: "L1 penalty.") var l1: Double = 0
  @Option(parsing: .unconditional, help: "L2 penalty.") var l2: Double = 0
  @Option(parsing: .unconditional, help: "Timed one-row predictions.") var runs: Int = 1_000

  func validate() throws {
    try ClassicalReport.check("--l1", l1, in: 0...1_000_000)
    try ClassicalReport.check("--l2", l2, in: 0...1_000_000)
    try ClassicalReport.check("--runs", runs, in: 1...1_000_000)
    guard l1 == 0 || l2 == 0 else {
      throw GoldilocksError.invalidValue(
        "give --l1 or --l2, not both: these linear models take one penalty at a time"
      )
    }
  }

  mutating func run() throws {
    let penalty: LinearPenalty = l1 > 0 ? .l1(l1) : l2 > 0 ? .l2(l2) : .none
    let context = CommandContext(global)
    let report = ClassicalReport(context: context)
    let data = try report.data(dataset)
    let trained = try ClassicalLab.trainLinear(data, penalty: penalty)
    let result = try ClassicalLab.measure(
      trained.model,
      on: data,
      trainSeconds: trained.seconds,
      latencyRuns: runs
    )
    let penaltyText = l1 > 0 ? "L1 \(l1)" : l2 > 0 ? "L2 \(l2)" : "no penalty"
    let zeros = result.zeroWeights ?? 0
    var notes: [String] = []
    if zeros > 0, let dense = result.denseSizeBytes, let sparse = result.sparseSizeBytes {
      notes.append(
        "L1 zeros are prunable for free: \(zeros) zero weights cost nothing in the sparse file "
          + "(\(dense - sparse) bytes smaller, the same predictions)."
      )
    } else if l1 == 0 {
      notes.append(
        "No weight is exactly 0: \(l2 > 0 ? "L2 shrinks weights but" : "without L1, training") "
          + "does not zero them, so the sparse file only adds its mask. Try --l1 0.1."
      )
    }
    try report.finish(
      result,
      command: "calc linear",
      settings: "\(trained.model.kind) penalty=\(penaltyText) dataset=\(dataset)",
      title: "\(trained.model.kind.prefix(1).uppercased() + trained.model.kind.dropFirst()) "
        + "(\(penaltyText)) on \(dataset)",
      notes: notes
    )
  }
}
