import Engine
import Foundation
import SpecLanguage
import Testing

/// One case of `Fixtures/hf_counts.json`, counted by transformers on the meta device
/// (Tools/reference/foundation_models.py).
struct HuggingFaceCase: Sendable, CustomTestStringConvertible {
  let name: String
  let architecture: String
  let isReal: Bool
  let config: Data
  let totalParams: Int64
  let activeParams: Int64

  var testDescription: String { "\(name) (\(architecture))" }

  static let all: [HuggingFaceCase] = {
    guard let url = fixtureURL("hf_counts", "json"), let data = try? Data(contentsOf: url),
      let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let cases = root["cases"] as? [[String: Any]]
    else { return [] }
    return cases.compactMap { entry in
      guard let name = entry["name"] as? String,
        let architecture = entry["architecture"] as? String,
        let config = entry["config"],
        let configData = try? JSONSerialization.data(withJSONObject: config),
        let total = (entry["total_params"] as? NSNumber)?.int64Value,
        let active = (entry["active_params"] as? NSNumber)?.int64Value
      else { return nil }
      return HuggingFaceCase(
        name: name,
        architecture: architecture,
        isReal: entry["real"] as? Bool ?? false,
        config: configData,
        totalParams: total,
        activeParams: active
      )
    }
  }()

  static func fixtureURL(_ name: String, _ ext: String, _ folder: String = "Fixtures") -> URL? {
    Bundle.module.url(forResource: name, withExtension: ext, subdirectory: folder)
  }
}

@Suite struct HuggingFaceCountsTests {
  @Test func fixtureHoldsRealModelsAndVariantsOfEveryArchitecture() {
    let cases = HuggingFaceCase.all
    #expect(cases.filter(\.isReal).count >= 12)
    for type in HuggingFaceConfig.modelTypes {
      #expect(cases.filter { !$0.isReal && $0.name.hasPrefix(type + "-") }.count >= 4, "\(type)")
    }
  }

  @Test(arguments: HuggingFaceCase.all)
  func configCountsEqualTransformers(_ reference: HuggingFaceCase) throws {
    let config = try HuggingFaceConfig(data: reference.config, path: "\(reference.name).json")
    #expect(config.architecture == reference.architecture)
    let model = try ModelSpec.parse(config.spec)
    let summary = model.summary()
    #expect(summary.totalParams == reference.totalParams, "\(config.spec)")
    #expect(summary.activeParams == reference.activeParams, "\(config.spec)")
  }

  @Test(arguments: HuggingFaceCase.all.filter(\.isReal))
  func savePretrainedFilesReadFromDiskGiveTheSameCounts(_ reference: HuggingFaceCase) throws {
    let url = try #require(
      HuggingFaceCase.fixtureURL("config", "json", "Fixtures/hf_configs/\(reference.name)")
    )
    let config = try HuggingFaceConfig.read(path: url.path)
    let summary = try ModelSpec.parse(config.spec).summary()
    #expect(summary.totalParams == reference.totalParams)
    #expect(summary.activeParams == reference.activeParams)
  }

  @Test func presetsEqualTheirRealConfigs() throws {
    let pairs = [
      "llama-3.1-8b", "llama-3.1-70b", "llama-3.2-1b", "mistral-7b", "qwen2-7b",
      "qwen2.5-0.5b", "phi-3-mini", "gemma-2-9b", "mixtral-8x7b", "gpt2",
    ]
    for name in pairs {
      let reference = try #require(HuggingFaceCase.all.first { $0.name == name }, "\(name)")
      let preset = try ModelSpec.parse(name).summary()
      #expect(preset.totalParams == reference.totalParams, "\(name)")
      #expect(preset.activeParams == reference.activeParams, "\(name)")
      #expect(Preset.named(name)?.publishedParameters == reference.totalParams, "\(name)")
    }
    let bertModel = try #require(HuggingFaceCase.all.first { $0.name == "bert-base-model" })
    #expect(try ModelSpec.parse("bert-base").summary().totalParams == bertModel.totalParams)
  }

  @Test func mixtralIsActiveLikeAThirteenBillionModel() throws {
    let summary = try ModelSpec.parse("mixtral-8x7b").summary()
    #expect(summary.totalParams == 46_702_792_704)
    #expect(summary.activeParams == 12_879_925_248)
    #expect(try ModelSpec.parse("llama-3.1-8b").summary().activeParams == 8_030_261_248)
  }

  /// The defaults the reader fills in for keys `save_pretrained` may leave out are those of
  /// transformers' config classes.
  @Test func defaultsEqualTransformersConfigClasses() throws {
    let url = try #require(HuggingFaceCase.fixtureURL("hf_defaults", "json"))
    let root = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: [String: Any]]
    )
    for (type, keys) in HuggingFaceConfig.defaults {
      let reference = try #require(root[type], "\(type)")
      for (key, value) in keys {
        let theirs = (reference[key] as? NSNumber)?.intValue
        if let value {
          #expect(theirs == value, "\(type).\(key)")
        } else if let theirs {
          // derived: kv heads = heads, head_dim = hidden / heads
          let heads = (reference["num_attention_heads"] as? NSNumber)?.intValue ?? 0
          let hidden = (reference["hidden_size"] as? NSNumber)?.intValue ?? 0
          let derived = key == "head_dim" ? hidden / max(heads, 1) : heads
          #expect(theirs == derived, "\(type).\(key)")
        }
      }
      for (key, value) in HuggingFaceConfig.booleanDefaults[type] ?? [:] {
        if let theirs = reference[key] as? Bool { #expect(theirs == value, "\(type).\(key)") }
      }
    }
  }

  @Test func missingKeysTakeTheConfigClassDefaults() throws {
    let text = #"{"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": 100}"#
    let config = try HuggingFaceConfig(data: Data(text.utf8), path: "c.json")
    // LlamaConfig(): hidden 4096, 32 layers of 32 heads, intermediate 11008
    #expect(config.spec.contains("decoder(heads=32,kv_heads=32,mlp=11008"))
    #expect(config.spec.contains("x32"))
  }

  @Test(arguments: [
    (#"{"architectures": ["LlamaForCausalLM"]}"#, "key `model_type`: is missing"),
    (#"{"model_type": "t5"}"#, "`t5` is not supported; supported: llama, mistral"),
    (#"{"model_type": 3}"#, "key `model_type`: must be a string"),
    (
      #"{"model_type": "llama", "hidden_size": "4096"}"#,
      "key `hidden_size`: must be a whole number, got \"4096\""
    ),
    (
      #"{"model_type": "llama", "num_hidden_layers": 0}"#,
      "key `num_hidden_layers`: must be at least 1"
    ),
    (
      #"{"model_type": "llama", "tie_word_embeddings": "yes"}"#,
      "key `tie_word_embeddings`: must be true or false"
    ),
    (
      #"{"model_type": "llama", "architectures": ["LlamaForSequenceClassification"]}"#,
      "not supported for llama"
    ),
    (
      #"{"model_type": "llama", "architectures": "LlamaForCausalLM"}"#,
      "key `architectures`: must be a list"
    ),
    (#"{"model_type": "llama""#, "is not valid JSON"),
    (#"[1, 2]"#, "is not a JSON object"),
  ])
  func badConfigsNameTheFileAndKey(_ text: String, _ expected: String) {
    #expect {
      _ = try HuggingFaceConfig(data: Data(text.utf8), path: "bad/config.json")
    } throws: { error in
      let message = String(describing: error)
      return message.hasPrefix("bad/config.json") && message.contains(expected)
        && !message.contains("\n")
    }
  }
}

/// `accelerate estimate-memory` counts `AutoModel` (the base model, no LM head) and divides
/// fp32 bytes by 2, 4 or 8 (Tools/reference/accelerate_crosscheck.py).
@Suite struct AccelerateCrossCheckTests {
  @Test func baseModelCountsEqualWhatAccelerateMeasures() throws {
    let url = try #require(HuggingFaceCase.fixtureURL("accelerate_estimates", "json"))
    let root = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
    )
    let models = try #require(root["models"] as? [String: [String: Any]])
    #expect(models.count >= 12)
    for (name, row) in models {
      let reference = try #require(HuggingFaceCase.all.first { $0.name == name }, "\(name)")
      var object = try #require(
        try JSONSerialization.jsonObject(with: reference.config) as? [String: Any]
      )
      let base = try #require(row["auto_model_class"] as? String)
      object["architectures"] = [base]
      let config = try HuggingFaceConfig(
        data: JSONSerialization.data(withJSONObject: object),
        path: name
      )
      let ours = try ModelSpec.parse(config.spec).totalParameters
      let theirs = try #require((row["auto_model_params"] as? NSNumber)?.int64Value)
      #expect(ours == theirs, "\(name)")
      // accelerate's fp16 figure is 2 bytes per base-model parameter (plus a few buffer bytes)
      let fp16 = try #require((row["float16"] as? NSNumber)?.int64Value)
      #expect(fp16 >= 2 * theirs && fp16 - 2 * theirs < 65_536, "\(name)")
    }
  }
}
