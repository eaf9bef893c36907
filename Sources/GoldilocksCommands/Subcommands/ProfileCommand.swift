import ArgumentParser
import Foundation
import ProgressStore
import Terminal

/// `profile`: learners on one machine, each with their own progress.
struct ProfileCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "profile",
    abstract: "List, create, switch, rename or delete learner profiles.",
    subcommands: [
      ProfileListCommand.self, ProfileCreateCommand.self, ProfileSwitchCommand.self,
      ProfileRenameCommand.self, ProfileDeleteCommand.self,
    ],
    defaultSubcommand: ProfileListCommand.self
  )
}

/// `profile list`: the profiles, the active one marked.
struct ProfileListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "The profiles; the active one is marked with *."
  )

  @OptionGroup var global: GlobalOptions

  mutating func run() throws {
    let context = CommandContext(global)
    let store = try context.store()
    let active = try context.profile(in: store)
    let profiles = try store.profiles()
    if context.json {
      struct Entry: Encodable {
        let name: String
        let active: Bool
        let createdAt: String

        enum CodingKeys: String, CodingKey {
          case name, active
          case createdAt = "created_at"
        }
      }
      try context.printJSON(
        profiles.map {
          Entry(
            name: $0.name,
            active: $0.name == active.name,
            createdAt: $0.createdAt.formatted(.iso8601)
          )
        }
      )
      return
    }
    for profile in profiles {
      let mark = profile.name == active.name ? "*" : " "
      context.output.line("\(mark) \(profile.name)")
    }
  }
}

/// `profile create NAME`.
struct ProfileCreateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "create",
    abstract: "Create a profile."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The new profile's name.") var name: String

  mutating func run() throws {
    let context = CommandContext(global)
    try context.store().createProfile(named: name, now: context.now)
    context.output.line("Created profile '\(name)'. `profile switch \(name)` makes it active.")
  }
}

/// `profile switch NAME`: the profile used when no `--profile` is given.
struct ProfileSwitchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "switch",
    abstract: "Make a profile the active one."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The profile to use from now on.") var name: String

  mutating func run() throws {
    let context = CommandContext(global)
    let store = try context.store()
    if name == ProgressStore.defaultProfileName {
      _ = try store.profile(named: name, now: context.now)
    }
    try store.switchProfile(to: name)
    context.output.line("Now using profile '\(name)'.")
  }
}

/// `profile rename OLD NEW`.
struct ProfileRenameCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rename",
    abstract: "Rename a profile, keeping its progress."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The current name.") var old: String
  @Argument(help: "The new name.") var new: String

  mutating func run() throws {
    let context = CommandContext(global)
    try context.store().renameProfile(from: old, to: new)
    context.output.line("Renamed profile '\(old)' to '\(new)'.")
  }
}

/// `profile delete NAME`: asks on a terminal, needs `--yes` otherwise.
struct ProfileDeleteCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "delete",
    abstract: "Delete a profile and all of its progress."
  )

  @OptionGroup var global: GlobalOptions
  @Argument(help: "The profile to delete.") var name: String
  @Flag(help: "Delete without asking.") var yes = false

  mutating func run() throws {
    let context = CommandContext(global)
    let store = try context.store()
    guard try store.profiles().contains(where: { $0.name == name }) else {
      throw StoreError.unknownProfile(name)
    }
    if !yes {
      guard context.session.isInteractive else {
        throw GoldilocksError.confirmationRequired(
          "deleting profile '\(name)' loses all of its progress; add --yes to confirm"
        )
      }
      guard context.confirm("Delete profile '\(name)' and all of its progress?") else {
        context.output.line("Kept profile '\(name)'.")
        return
      }
    }
    try store.deleteProfile(named: name)
    context.output.line("Deleted profile '\(name)'.")
  }
}
