import Foundation
import GRDB

extension ProgressStore {
  /// The name a learner gets when they never chose one.
  public static let defaultProfileName = "default"

  /// Whether `name` can be a profile name: 1 to 40 letters, digits, `-`, `_` or `.`.
  public static func isValidProfileName(_ name: String) -> Bool {
    guard (1...40).contains(name.count) else { return false }
    return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
  }

  /// All profiles, by name.
  public func profiles() throws(StoreError) -> [Profile] {
    try read { db in try Profile.order(Profile.Columns.name).fetchAll(db) }
  }

  /// The profile named `name`, created when it is the default one and missing.
  public func profile(named name: String, now: Date = Date()) throws(StoreError) -> Profile {
    if let found = try read({ db in
      try Profile.filter(Profile.Columns.name == name).fetchOne(db)
    }) {
      return found
    }
    guard name == Self.defaultProfileName else { throw StoreError.unknownProfile(name) }
    return try write { db in
      if let existing = try Profile.filter(Profile.Columns.name == name).fetchOne(db) {
        return existing
      }
      var profile = Profile(name: name, createdAt: now)
      try profile.insert(db)
      return profile
    }
  }

  /// Creates a profile; fails when the name is taken or not valid.
  @discardableResult
  public func createProfile(named name: String, now: Date = Date()) throws(StoreError) -> Profile {
    guard Self.isValidProfileName(name) else { throw StoreError.invalidProfileName(name) }
    return try write { db in
      if try Profile.filter(Profile.Columns.name == name).fetchCount(db) > 0 {
        throw StoreError.profileExists(name)
      }
      var profile = Profile(name: name, createdAt: now)
      try profile.insert(db)
      return profile
    }
  }

  /// Renames a profile, keeping all of its progress.
  public func renameProfile(from old: String, to new: String) throws(StoreError) {
    guard Self.isValidProfileName(new) else { throw StoreError.invalidProfileName(new) }
    try write { db in
      guard var profile = try Profile.filter(Profile.Columns.name == old).fetchOne(db) else {
        throw StoreError.unknownProfile(old)
      }
      if try Profile.filter(Profile.Columns.name == new).fetchCount(db) > 0 {
        throw StoreError.profileExists(new)
      }
      profile.name = new
      try profile.update(db)
      if try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'currentProfile'")
        == old
      {
        try db.execute(
          sql: "UPDATE setting SET value = ? WHERE key = 'currentProfile'",
          arguments: [new]
        )
      }
    }
  }

  /// Deletes a profile and everything recorded for it.
  public func deleteProfile(named name: String) throws(StoreError) {
    try write { db in
      guard let profile = try Profile.filter(Profile.Columns.name == name).fetchOne(db) else {
        throw StoreError.unknownProfile(name)
      }
      _ = try profile.delete(db)
      if try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'currentProfile'")
        == name
      {
        try db.execute(sql: "DELETE FROM setting WHERE key = 'currentProfile'")
      }
    }
  }

  /// The profile that `profile switch` chose last, if any.
  public func currentProfileName() throws(StoreError) -> String? {
    try read { db in
      try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'currentProfile'")
    }
  }

  /// Makes `name` the profile used when no `--profile` is given.
  public func switchProfile(to name: String) throws(StoreError) {
    try write { db in
      guard try Profile.filter(Profile.Columns.name == name).fetchCount(db) > 0 else {
        throw StoreError.unknownProfile(name)
      }
      try db.execute(
        sql: "INSERT INTO setting(key, value) VALUES('currentProfile', ?) "
          + "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        arguments: [name]
      )
    }
  }
}
