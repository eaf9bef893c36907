import Engine
import Foundation
import SpecLanguage
import Testing

/// Checkpoints written by transformers (Tools/reference/make_checkpoint_fixtures.py).
@Suite struct CheckpointSummaryTests {
  static let folder = Bundle.module.url(
    forResource: "checkpoints",
    withExtension: nil,
    subdirectory: "Fixtures"
  )

  func counts() throws -> [String: [String: Int64]] {
    let url = try #require(Self.folder).appendingPathComponent("counts.json")
    return try JSONDecoder().decode([String: [String: Int64]].self, from: Data(contentsOf: url))
  }

  @Test func shardedIndexReadsEveryShardHeaderAndEqualsTransformers() throws {
    let index = try #require(Self.folder).appendingPathComponent(
      "tiny-llama/model.safetensors.index.json"
    )
    let checkpoint = try CheckpointSummary.readIndex(path: index.path)
    #expect(checkpoint.files.count >= 2)
    #expect(checkpoint.totalParameters == (try counts())["tiny-llama"]?["total_params"])
    #expect(checkpoint.parametersByDType.keys.sorted() == ["BF16"])
    #expect(checkpoint.indexTotalSize == checkpoint.dataBytes)
    #expect(checkpoint.tensors.contains { $0.name == "lm_head.weight" && $0.shape == [96, 32] })
  }

  @Test func singleFileWithTiedHeadEqualsTransformersAndItsConfig() throws {
    let file = try #require(Self.folder).appendingPathComponent("tiny-gpt2/model.safetensors")
    guard case .checkpoint(let checkpoint, let config?) = try ModelFile.read(path: file.path)
    else {
      Issue.record("expected a checkpoint with its config")
      return
    }
    let expected = try counts()["tiny-gpt2"]?["total_params"]
    #expect(checkpoint.totalParameters == expected)
    #expect(try ModelSpec.parse(config.spec).totalParameters == expected)
    #expect(checkpoint.parametersByDType["F32"] == expected)
  }

  @Test func mixtureOfExpertsCheckpointGroupsLayersAndExperts() throws {
    let file = try #require(Self.folder).appendingPathComponent("tiny-mixtral/model.safetensors")
    let checkpoint = try CheckpointSummary.readFile(path: file.path)
    #expect(checkpoint.totalParameters == (try counts())["tiny-mixtral"]?["total_params"])
    #expect(
      checkpoint.groupedRows.count < checkpoint.tensors.count || checkpoint.tensors.count < 20
    )
  }

  @Test func folderWithConfigReadsTheConfig() throws {
    let folder = try #require(Self.folder).appendingPathComponent("tiny-llama")
    guard case .config(let config) = try ModelFile.read(path: folder.path) else {
      Issue.record("expected the config")
      return
    }
    #expect(try ModelSpec.parse(config.spec).totalParameters == 24_736)
  }

  @Test func truncatedAndOverlongHeadersAreOneLineErrors() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "fm-checkpoint-\(UUID().uuidString)"
    )
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let short = directory.appendingPathComponent("short.safetensors")
    try Data([1, 2, 3]).write(to: short)
    let long = directory.appendingPathComponent("long.safetensors")
    var bytes: [UInt8] = [0xFF, 0xFF, 0, 0, 0, 0, 0, 0]
    bytes += Array("{}".utf8)
    try Data(bytes).write(to: long)
    let cut = directory.appendingPathComponent("cut.safetensors")
    let header = #"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#
    var cutBytes = withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian, Array.init)
    cutBytes += Array(header.utf8) + [0, 0, 0, 0]
    try Data(cutBytes).write(to: cut)
    for (file, expected) in [
      (short, "fewer than the 8-byte header length"),
      (long, "the header length 65535 runs past the end of the 10-byte file"),
      (cut, "tensor `w` ends at byte 16 of the data but the file holds 4"),
    ] {
      #expect {
        _ = try CheckpointSummary.readFile(path: file.path)
      } throws: { error in
        let text = String(describing: error)
        return text.hasPrefix(file.path) && text.contains(expected) && !text.contains("\n")
      }
    }
  }

  @Test func indexNamingAMissingTensorIsRefused() throws {
    let source = try #require(Self.folder).appendingPathComponent("tiny-llama")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "fm-index-\(UUID().uuidString)"
    )
    try FileManager.default.copyItem(at: source, to: directory)
    defer { try? FileManager.default.removeItem(at: directory) }
    let index = directory.appendingPathComponent("model.safetensors.index.json")
    var text = try String(contentsOf: index, encoding: .utf8)
    text = text.replacingOccurrences(
      of: "\"weight_map\": {",
      with: "\"weight_map\": {\"ghost\": \"model-00001-of-00005.safetensors\", "
    )
    try text.write(to: index, atomically: true, encoding: .utf8)
    #expect {
      _ = try CheckpointSummary.readIndex(path: index.path)
    } throws: { error in
      String(describing: error).contains(
        "key `weight_map.ghost`: names model-00001-of-00005.safetensors, but that shard has no tensor `ghost`"
      )
    }
  }
}
