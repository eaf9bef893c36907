import Foundation

/// A Hugging Face `config.json` turned into a spec in the spec language.
///
/// Reads the keys that decide the parameters for the nine supported `model_type`s (missing
/// keys take the value `transformers`' config class gives them, as `save_pretrained` leaves
/// defaults out), ignores every other key, and writes the spec of the class named in
/// `architectures` (`LlamaForCausalLM` has an LM head, `LlamaModel` not; `BertModel` has
/// the pooler, `BertForMaskedLM` the prediction head instead). Counts then come from the
/// spec's layers and equal `sum(p.numel() for p in model.parameters())` (see
/// `Tools/reference/foundation_models.py`).
public struct HuggingFaceConfig: Sendable {
  /// The file the config came from.
  public let path: String
  /// `model_type`, such as `llama`.
  public let modelType: String
  /// The model class counted, such as `LlamaForCausalLM`.
  public let architecture: String
  /// The spec the config describes.
  public let spec: String
  /// Remarks on how the config was read (a default architecture, ignored parts).
  public let notes: [String]

  /// The longest sequence the summary's MACs and memory are computed for.
  public static let summaryTokens = 4096

  /// The model types this reader knows, with the classes each may name (first: the default).
  public static let classes: [(type: String, classes: [String])] = [
    ("llama", ["LlamaForCausalLM", "LlamaModel"]),
    ("mistral", ["MistralForCausalLM", "MistralModel"]),
    ("qwen2", ["Qwen2ForCausalLM", "Qwen2Model"]),
    ("phi3", ["Phi3ForCausalLM", "Phi3Model"]),
    ("gemma2", ["Gemma2ForCausalLM", "Gemma2Model"]),
    ("mixtral", ["MixtralForCausalLM", "MixtralModel"]),
    ("gpt2", ["GPT2LMHeadModel", "GPT2Model"]),
    ("bert", ["BertModel", "BertForMaskedLM"]),
    ("distilbert", ["DistilBertModel", "DistilBertForMaskedLM"]),
  ]

  /// The supported `model_type` names.
  public static var modelTypes: [String] { classes.map(\.type) }

  /// The defaults of `transformers`' config classes for the keys read here (checked against
  /// `Fixtures/hf_defaults.json`); `nil` means "derived" (kv heads = heads, head_dim = d/heads).
  public static let defaults: [String: [String: Int?]] = [
    "llama": [
      "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 11008,
      "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": nil,
      "head_dim": nil, "max_position_embeddings": 2048,
    ],
    "mistral": [
      "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 14336,
      "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
      "head_dim": nil, "max_position_embeddings": 131072,
    ],
    "qwen2": [
      "vocab_size": 151936, "hidden_size": 4096, "intermediate_size": 22016,
      "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 32,
      "head_dim": nil, "max_position_embeddings": 32768,
    ],
    "phi3": [
      "vocab_size": 32064, "hidden_size": 3072, "intermediate_size": 8192,
      "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": nil,
      "head_dim": nil, "max_position_embeddings": 4096,
    ],
    "gemma2": [
      "vocab_size": 256000, "hidden_size": 2304, "intermediate_size": 9216,
      "num_hidden_layers": 26, "num_attention_heads": 8, "num_key_value_heads": 4,
      "head_dim": 256, "max_position_embeddings": 8192,
    ],
    "mixtral": [
      "vocab_size": 32000, "hidden_size": 4096, "intermediate_size": 14336,
      "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8,
      "head_dim": nil, "max_position_embeddings": 131072, "num_local_experts": 8,
      "num_experts_per_tok": 2,
    ],
    "gpt2": [
      "vocab_size": 50257, "n_positions": 1024, "n_embd": 768, "n_layer": 12, "n_head": 12,
      "n_inner": nil,
    ],
    "bert": [
      "vocab_size": 30522, "hidden_size": 768, "num_hidden_layers": 12,
      "num_attention_heads": 12, "intermediate_size": 3072, "max_position_embeddings": 512,
      "type_vocab_size": 2,
    ],
    "distilbert": [
      "vocab_size": 30522, "dim": 768, "n_layers": 6, "n_heads": 12, "hidden_dim": 3072,
      "max_position_embeddings": 512,
    ],
  ]

  /// The defaults of the boolean keys read here.
  public static let booleanDefaults: [String: [String: Bool]] = [
    "llama": ["tie_word_embeddings": false, "attention_bias": false, "mlp_bias": false],
    "mistral": ["tie_word_embeddings": false],
    "qwen2": ["tie_word_embeddings": false],
    "phi3": ["tie_word_embeddings": false],
    "gemma2": ["tie_word_embeddings": true, "attention_bias": false],
    "mixtral": ["tie_word_embeddings": false],
    "gpt2": ["tie_word_embeddings": true],
    "bert": ["tie_word_embeddings": true],
    "distilbert": ["tie_word_embeddings": true],
  ]

  /// Reads the `config.json` at `path`.
  public static func read(path: String) throws(ModelFileError) -> HuggingFaceConfig {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ModelFileError(path: path, message: "cannot read the file")
    }
    return try HuggingFaceConfig(data: data, path: path)
  }

  /// Parses a config held in memory; `path` names it in errors.
  public init(data: Data, path: String) throws(ModelFileError) {
    let root: JSONValue
    do {
      root = try JSONDecoder().decode(JSONValue.self, from: data)
    } catch {
      throw ModelFileError(
        path: path,
        message: "is not valid JSON; a config.json is one JSON object as save_pretrained writes it"
      )
    }
    guard case .object(let object) = root else {
      throw ModelFileError(path: path, message: "is not a JSON object (a config.json is { … })")
    }
    try self.init(object: object, path: path)
  }

  /// Builds the spec from a parsed config object.
  public init(object: [String: JSONValue], path: String) throws(ModelFileError) {
    guard let typeValue = object["model_type"] else {
      throw ModelFileError(
        path: path,
        key: "model_type",
        message:
          "is missing; a Hugging Face config names its architecture there (one of \(Self.modelTypes.joined(separator: ", ")))"
      )
    }
    guard case .string(let modelType) = typeValue else {
      throw ModelFileError(
        path: path,
        key: "model_type",
        message: "must be a string such as \"llama\", got \(typeValue.shown)"
      )
    }
    guard let entry = Self.classes.first(where: { $0.type == modelType }) else {
      throw ModelFileError(
        path: path,
        key: "model_type",
        message:
          "`\(modelType)` is not supported; supported: \(Self.modelTypes.joined(separator: ", "))"
      )
    }
    var notes: [String] = []
    var architecture = entry.classes[0]
    switch object["architectures"] {
    case nil, .null:
      notes.append("no `architectures` in the config: counted as \(architecture)")
    case .array(let names):
      guard case .string(let name) = names.first else {
        throw ModelFileError(
          path: path,
          key: "architectures",
          message: "must be a list of class names such as [\"\(architecture)\"]"
        )
      }
      guard entry.classes.contains(name) else {
        throw ModelFileError(
          path: path,
          key: "architectures",
          message:
            "the class `\(name)` is not supported for \(modelType); supported: \(entry.classes.joined(separator: ", "))"
        )
      }
      architecture = name
      if names.count > 1 { notes.append("several architectures listed: counted as \(name)") }
    case .some(let other):
      throw ModelFileError(
        path: path,
        key: "architectures",
        message: "must be a list of class names such as [\"\(architecture)\"], got \(other.shown)"
      )
    }
    let reader = ConfigFieldReader(
      object: object,
      path: path,
      integers: Self.defaults[modelType] ?? [:],
      booleans: Self.booleanDefaults[modelType] ?? [:]
    )
    self.path = path
    self.modelType = modelType
    self.architecture = architecture
    self.notes = notes
    self.spec = try Self.spec(modelType: modelType, architecture: architecture, reader)
  }

  private static func spec(
    modelType: String,
    architecture: String,
    _ reader: ConfigFieldReader
  ) throws(ModelFileError) -> String {
    switch modelType {
    case "gpt2": return try gpt2Spec(architecture: architecture, reader)
    case "bert", "distilbert":
      return try encoderSpec(modelType: modelType, architecture: architecture, reader)
    default: return try decoderSpec(modelType: modelType, architecture: architecture, reader)
    }
  }

  private static func decoderSpec(
    modelType: String,
    architecture: String,
    _ reader: ConfigFieldReader
  ) throws(ModelFileError) -> String {
    let vocabulary = try reader.int("vocab_size")
    let width = try reader.int("hidden_size")
    let heads = try reader.int("num_attention_heads")
    let keyValueHeads = try reader.optionalInt("num_key_value_heads") ?? heads
    let headDimension = try reader.optionalInt("head_dim")
    let layers = try reader.int("num_hidden_layers")
    let mlp = try reader.int("intermediate_size")
    let positions = try reader.int("max_position_embeddings")
    let tied = try reader.bool("tie_word_embeddings")
    var keys = ["heads=\(heads)", "kv_heads=\(keyValueHeads)"]
    if let headDimension, headDimension * heads != width || width % heads != 0 {
      keys.append("head_dim=\(headDimension)")
    }
    keys.append("mlp=\(mlp)")
    switch modelType {
    case "llama":
      if try reader.bool("attention_bias") { keys.append("bias=true") }
      keys.append("mlp_bias=\(try reader.bool("mlp_bias"))")
    case "qwen2":
      keys.append("bias=qkv")
    case "gemma2":
      if try reader.bool("attention_bias") { keys += ["bias=true", "mlp_bias=false"] }
      keys.append("post_norms=true")
    case "mixtral":
      keys.append("experts=\(try reader.int("num_local_experts"))")
      keys.append("top=\(try reader.int("num_experts_per_tok"))")
    default:
      break
    }
    var terms = [
      "input(\(min(positions, summaryTokens)))",
      "tokenembedding(\(vocabulary),\(width))",
      "decoder(\(keys.joined(separator: ",")))x\(layers)",
      "rmsnorm",
    ]
    if architecture.hasSuffix("ForCausalLM") {
      terms.append(tied ? "head(\(vocabulary),tied=true)" : "head(\(vocabulary))")
    }
    return terms.joined(separator: " ")
  }

  private static func gpt2Spec(
    architecture: String,
    _ reader: ConfigFieldReader
  ) throws(ModelFileError) -> String {
    let vocabulary = try reader.int("vocab_size")
    let width = try reader.int("n_embd")
    let heads = try reader.int("n_head")
    let layers = try reader.int("n_layer")
    let positions = try reader.int("n_positions")
    let inner = try reader.optionalInt("n_inner") ?? 4 * width
    let tied = try reader.bool("tie_word_embeddings")
    var terms = [
      "input(\(min(positions, summaryTokens)))",
      "tokenembedding(\(vocabulary),\(width))",
      "positions(\(positions))",
      "decoder(heads=\(heads),mlp=\(inner),mlp_kind=gelu,norm=layernorm,bias=true)x\(layers)",
      "layernorm",
    ]
    if architecture == "GPT2LMHeadModel" {
      terms.append(tied ? "head(\(vocabulary),tied=true)" : "head(\(vocabulary))")
    }
    return terms.joined(separator: " ")
  }

  private static func encoderSpec(
    modelType: String,
    architecture: String,
    _ reader: ConfigFieldReader
  ) throws(ModelFileError) -> String {
    let isBERT = modelType == "bert"
    let vocabulary = try reader.int("vocab_size")
    let width = try reader.int(isBERT ? "hidden_size" : "dim")
    let heads = try reader.int(isBERT ? "num_attention_heads" : "n_heads")
    let layers = try reader.int(isBERT ? "num_hidden_layers" : "n_layers")
    let mlp = try reader.int(isBERT ? "intermediate_size" : "hidden_dim")
    let positions = try reader.int("max_position_embeddings")
    let segments = isBERT ? try reader.int("type_vocab_size", minimum: 0) : 0
    let tied = try reader.bool("tie_word_embeddings")
    var terms = [
      "input(\(min(positions, 512)))",
      segments > 0
        ? "tokenembedding(\(vocabulary),\(width),segments=\(segments))"
        : "tokenembedding(\(vocabulary),\(width))",
      "positions(\(positions))",
      "layernorm",
      "decoder(heads=\(heads),mlp=\(mlp),mlp_kind=gelu,norm=layernorm,bias=true)x\(layers)",
    ]
    if architecture.hasSuffix("ForMaskedLM") {
      terms += [
        "dense(\(width))", "layernorm",
        tied ? "head(\(vocabulary),tied=true,bias=true)" : "head(\(vocabulary),bias=true)",
      ]
    } else if isBERT {
      terms.append("pooler")
    }
    return terms.joined(separator: " ")
  }
}
