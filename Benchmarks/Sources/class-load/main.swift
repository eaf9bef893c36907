import Foundation
import PostgresProgressStore
import ProgressStore

// class-load: the class load test of issue 17 against one PostgreSQL server and, for
// comparison, one SQLite file.
//
//   class-load [--postgres URL] [--sqlite PATH] [--learners 200] [--answers 50]
//              [--questions 25] [--pool 32] [--output FILE.json]
//
// --postgres defaults to GOLDILOCKS_BENCH_POSTGRES_URL (skipped with a printed reason when
// neither is set); the run uses a new schema of its own, left in place to inspect. --sqlite
// defaults to a new file in a temporary folder, removed afterwards. Exit status 1 when an
// answer failed or the counts after the run differ from what the learners did.

var load = ClassLoad()
var postgres = ProcessInfo.processInfo.environment["GOLDILOCKS_BENCH_POSTGRES_URL"]
var sqlite: String?
var output: String?
var arguments = Array(CommandLine.arguments.dropFirst())
func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("error: \(message)\n".utf8))
  exit(1)
}
while !arguments.isEmpty {
  let flag = arguments.removeFirst()
  guard let value = arguments.first else { fail("\(flag) needs a value") }
  arguments.removeFirst()
  func number() -> Int {
    guard let number = Int(value), number > 0 else { fail("\(flag) \(value) is not a count") }
    return number
  }
  switch flag {
  case "--postgres": postgres = value
  case "--sqlite": sqlite = value
  case "--output": output = value
  case "--learners": load.learners = number()
  case "--answers": load.answers = number()
  case "--questions": load.questions = number()
  case "--pool": load.pool = number()
  default: fail("unknown option \(flag)")
  }
}

func uptime() -> String {
  (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
    .split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
}

func report(_ result: ClassLoad.Result) {
  print(
    String(
      format:
        "%@: %d learners (pool %d) x (%d answers + %d reviews) in %.1f s: %.0f answers/s, commit p50 %.2f ms, p99 %.2f ms, max %.1f ms",
      result.backend,
      result.learners,
      result.pool,
      result.answersPerLearner,
      result.reviewsPerLearner,
      result.seconds,
      result.writesPerSecond,
      result.commitLatencyMs.p50,
      result.commitLatencyMs.p99,
      result.commitLatencyMs.max
    )
  )
  let e = result.expected
  let c = result.counted
  print(
    "  expected \(e.profiles) learners, \(e.attempts) answers, \(e.reviews) reviews, \(e.cards) cards;"
      + " counted \(c.profiles), \(c.attempts), \(c.reviews), \(c.cards);"
      + " learners off \(c.learnersOff); errors \(result.errorCount)"
      + (result.holds ? " -> nothing lost or duplicated" : " -> MISMATCH")
  )
  for error in result.errors { print("  error: \(error)") }
}

var results: [ClassLoad.Result] = []
let environment = ProcessInfo.processInfo.environment
print("load average before: \(uptime())")
if let postgres {
  let schema = "class_load_" + String(Int(Date().timeIntervalSince1970))
  let url = postgres + (postgres.contains("?") ? "&" : "?") + "schema=" + schema
  do {
    let result = try load.run(backend: "postgresql", location: url) {
      try PostgresProgressStore(url: url, environment: environment)
    }
    report(result)
    results.append(result)
    print("  (schema \(schema) left in place; DROP SCHEMA \(schema) CASCADE removes it)")
  } catch {
    fail("PostgreSQL run: \(error)")
  }
} else {
  print("postgresql: skipped (pass --postgres URL or set GOLDILOCKS_BENCH_POSTGRES_URL)")
}
let folder = NSTemporaryDirectory() + "class-load-\(UUID().uuidString)"
let path = sqlite ?? folder + "/progress.sqlite"
do {
  let result = try load.run(backend: "sqlite", location: path) {
    try ProgressStore.open(path: path, busyTimeout: 60)
  }
  report(result)
  results.append(result)
} catch {
  fail("SQLite run: \(error)")
}
if sqlite == nil { try? FileManager.default.removeItem(atPath: folder) }
print("load average after: \(uptime())")
if let output {
  struct Report: Encodable {
    var date: String
    var loadAverageAfter: String
    var results: [ClassLoad.Result]
  }
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
  encoder.keyEncodingStrategy = .convertToSnakeCase
  let data = try encoder.encode(
    Report(
      date: ISO8601DateFormatter().string(from: Date()),
      loadAverageAfter: uptime(),
      results: results
    )
  )
  FileManager.default.createFile(atPath: output, contents: data)
}
exit(results.allSatisfy(\.holds) ? 0 : 1)
