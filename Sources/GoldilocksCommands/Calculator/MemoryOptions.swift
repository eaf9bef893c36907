import ArgumentParser
import Engine
import Foundation

/// `--memory-budget`: the most memory one model may take in a calculator command.
///
/// Without it the budget is `MemoryBudget.physical()`, a quarter of the machine's memory
/// (less when little is free). Every command that builds a network checks its estimated
/// peak (weights, gradients, optimizer state, activations at the batch) against it first.
struct MemoryOptions: ParsableArguments {
  @Option(
    name: .customLong("memory-budget"),
    parsing: .unconditional,
    help: ArgumentHelp(
      "The most memory one model may take, such as 8GB or 512MB (default: a quarter of this machine's memory).",
      valueName: "size"
    )
  )
  var memoryBudget: String?

  /// The largest budget accepted (1 PB); larger ones are surely typos.
  static let largestBudget: Int64 = 1_000_000_000_000_000

  /// The budget given, or the one derived from the machine.
  func budget() throws -> MemoryBudget {
    guard let memoryBudget else { return .physical() }
    guard let bytes = Self.bytes(memoryBudget) else {
      throw GoldilocksError.invalidValue(
        "--memory-budget must be a size such as 8GB, 512MB or 2000000000 (bytes), got `\(memoryBudget)`"
      )
    }
    guard bytes >= 1_000_000, bytes <= Self.largestBudget else {
      throw GoldilocksError.invalidValue(
        "--memory-budget must be between 1MB and 1PB, got `\(memoryBudget)`"
      )
    }
    return MemoryBudget(bytes: bytes)
  }

  /// `8GB`, `8G`, `8GiB`, `512 MB`, `1.5GB` or plain bytes → bytes; nil for anything else.
  static func bytes(_ text: String) -> Int64? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let number = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
    let unit = trimmed.dropFirst(number.count).trimmingCharacters(in: .whitespaces).lowercased()
    guard !number.isEmpty, let value = Double(number), value.isFinite, value > 0 else {
      return nil
    }
    let scales: [String: Double] = [
      "": 1, "b": 1, "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12,
      "tb": 1e12, "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
    ]
    guard let scale = scales[unit] else { return nil }
    let bytes = (value * scale).rounded()
    guard bytes.isFinite, bytes < 9e18 else { return nil }
    return Int64(bytes)
  }
}
