import ArgumentParser

/// `calc`: the live calculator that builds, trains, compresses and times models.
struct CalcCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calc",
    abstract: "The calculator: build, train, compress and time models, measured here.",
    subcommands: [
      CalcSummaryCommand.self, CalcExplainCommand.self, CalcTrainCommand.self,
      CalcTimeCommand.self, CalcQuantizeCommand.self, CalcPruneCommand.self,
      CalcDistillCommand.self, CalcWhatIfCommand.self, CalcSweepCommand.self,
      CalcForestCommand.self, CalcTreeCommand.self, CalcBoostCommand.self,
      CalcLinearCommand.self, CalcSelectCommand.self, CalcDataSizeCommand.self,
      CalcAugmentCommand.self, CalcExportCommand.self, CalcScheduleCommand.self,
      CalcDatasetsCommand.self,
      CalcRegularizeCommand.self, CalcServeCommand.self, CalcGenerateCommand.self,
    ]
  )
}
