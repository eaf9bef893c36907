import Foundation
import Testing
import _TestSupport

/// A Python interpreter that has the `safetensors` package, if this machine has one.
///
/// `GOLDILOCKS_PYTHON` chooses it; otherwise `python3` is looked up on `PATH`. Either must
/// import `safetensors` and `numpy`, or the cross-checks are skipped with a note saying why.
enum PythonSafetensors {
  static let interpreter: String? = find(environment: ProcessInfo.processInfo.environment)

  /// The candidates, in order: `GOLDILOCKS_PYTHON`, then every `python3` on `PATH`.
  static func candidates(environment: [String: String]) -> [String] {
    var candidates: [String] = []
    if let chosen = environment["GOLDILOCKS_PYTHON"], !chosen.isEmpty {
      candidates.append(chosen)
    }
    let path = environment["PATH"] ?? ""
    for folder in path.split(separator: ":") where !folder.isEmpty {
      candidates.append(String(folder) + "/python3")
    }
    return candidates
  }

  /// The first candidate that runs and imports the modules; nil (with a note) otherwise.
  static func find(environment: [String: String]) -> String? {
    for candidate in candidates(environment: environment)
    where FileManager.default.isExecutableFile(atPath: candidate) {
      let probe = try? ProcessRunner.run(candidate, ["-c", "import safetensors, numpy"])
      if probe?.status == 0 { return candidate }
    }
    print(
      "note: no Python with safetensors and numpy (GOLDILOCKS_PYTHON, then python3 on PATH); the cross-check with it is skipped"
    )
    return nil
  }
}

@Suite struct PythonSafetensorsTests {
  @Test func theInterpreterIsLookedUpInTheEnvironmentNotAtAFixedPath() {
    let candidates = PythonSafetensors.candidates(
      environment: ["GOLDILOCKS_PYTHON": "/opt/py/bin/python", "PATH": "/a/bin::/b/bin"]
    )
    #expect(candidates == ["/opt/py/bin/python", "/a/bin/python3", "/b/bin/python3"])
    #expect(PythonSafetensors.candidates(environment: [:]).isEmpty)
    #expect(PythonSafetensors.find(environment: ["PATH": "/nonexistent-folder"]) == nil)
  }

  @Test(
    "Python's safetensors loads an exported file with exactly total_params values",
    .enabled(
      if: PythonSafetensors.interpreter != nil,
      "no Python with safetensors and numpy: set GOLDILOCKS_PYTHON or put one on PATH"
    ),
    arguments: [
      "seed-cnn", "input(28,28,1) conv2d(8,3,bias=false) batchnorm relu flatten dense(10)",
    ]
  )
  func pythonLoadsTheExport(spec: String) throws {
    let python = try #require(PythonSafetensors.interpreter)
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let path = folder.file("model.safetensors")
    let export = runCommand(["calc", "export", spec, "--format", "safetensors", "--out", path])
    #expect(export.status == 0, "\(export.err)")
    let summary = runCommand(["calc", "summary", spec, "--json"])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(summary.out.utf8)) as? [String: Any]
    )
    let total = try #require(object["total_params"] as? Int)
    let script = """
      import sys
      from safetensors.numpy import load_file
      from safetensors import safe_open
      tensors = load_file(sys.argv[1])
      with safe_open(sys.argv[1], framework="numpy") as f:
          meta = f.metadata()
      print(sum(t.size for t in tensors.values()), meta.get("format"), len(tensors))
      """
    let result = try ProcessRunner.run(python, ["-c", script, path])
    #expect(result.status == 0, "\(result.standardError)")
    let fields = result.standardOutput.split(separator: " ")
    #expect(fields.first.map(String.init) == String(total))
    #expect(fields.dropFirst().first == "goldilocks")
  }

  @Test(
    "Python's safetensors loads a trained export with the initialised export's names and the training metadata",
    .enabled(
      if: PythonSafetensors.interpreter != nil,
      "no Python with safetensors and numpy: set GOLDILOCKS_PYTHON or put one on PATH"
    )
  )
  func pythonLoadsATrainedExport() throws {
    let python = try #require(PythonSafetensors.interpreter)
    let folder = try TemporaryDirectory()
    defer { folder.remove() }
    let spec = "input(8,8,1) conv2d(4,3) batchnorm relu flatten dense(10)"
    let trained = folder.file("trained.safetensors")
    let initialised = folder.file("initialised.safetensors")
    let environment = ["XDG_DATA_HOME": folder.file("data")]
    let export = runCommand(
      ["calc", "export", spec, "--out", trained, "--dataset", "digits", "--epochs", "2", "--json"],
      environment: environment
    )
    #expect(export.status == 0, "\(export.err)")
    let accuracy = try #require(
      (try JSONSerialization.jsonObject(with: Data(export.out.utf8)) as? [String: Any])?[
        "accuracy"
      ] as? Double
    )
    #expect(runCommand(["calc", "export", spec, "--out", initialised]).status == 0)
    let script = """
      import sys
      from safetensors.numpy import load_file
      from safetensors import safe_open
      trained, initialised = load_file(sys.argv[1]), load_file(sys.argv[2])
      with safe_open(sys.argv[1], framework="numpy") as f:
          meta = f.metadata()
      same = all(
          trained[k].shape == initialised[k].shape and trained[k].dtype == initialised[k].dtype
          for k in initialised
      ) and sorted(trained) == sorted(initialised)
      moved = any((trained[k] != initialised[k]).any() for k in initialised)
      print(same, moved, meta["dataset"], meta["epochs"], meta["seed"], meta["accuracy"])
      """
    let result = try ProcessRunner.run(python, ["-c", script, trained, initialised])
    #expect(result.status == 0, "\(result.standardError)")
    let fields = result.standardOutput.split(whereSeparator: \.isWhitespace).map(String.init)
    #expect(fields.dropLast() == ["True", "True", "digits", "2", "42"])
    // Foundation's JSON parser may be one ulp off the printed shortest decimal.
    #expect(abs((fields.last.flatMap(Double.init) ?? -1) - accuracy) < 1e-12)
  }
}
