import Engine

/// The spec language's layer terms and how each becomes an Engine layer value.
enum LayerCatalog {
  /// The layer terms of model-spec.md.
  static let standardNames = [
    "dense", "conv2d", "depthwiseconv2d", "separableconv2d", "maxpool2d", "avgpool2d",
    "globalavgpool2d", "globalmaxpool2d", "flatten", "dropout", "batchnorm", "layernorm",
    "relu", "sigmoid", "tanh", "softmax", "gelu", "silu", "embedding", "simplernn", "lstm",
    "gru", "mha", "conv1d", "residual",
  ]

  /// Terms whose parentheses hold other terms rather than arguments.
  static let blockNames: Set<String> = ["residual"]

  /// Analytic-only blocks used by the large presets (size questions only).
  static let analyticNames = [
    "transformerembedding", "transformer", "pooler", "lmhead", "bottleneck",
  ]

  /// Every layer term.
  static var names: [String] { standardNames + analyticNames + FoundationModelTerms.names }

  /// The layer value for `term`, or a `SpecError` pointing at it.
  static func layer(for term: Term) throws(SpecError) -> any LayerDescription {
    switch term.name {
    case "dense":
      var reader = try ArgumentReader(
        term: term,
        positional: ["units", "activation?"],
        keys: ["bias"]
      )
      let units = try reader.int("units")
      let activation = try reader.optionalActivation() ?? .linear
      return Dense(
        units: units,
        activation: activation,
        useBias: try reader.bool(key: "bias", default: true)
      )
    case "conv1d", "conv2d":
      // The same arguments; a square kernel and stride for conv2d.
      var reader = try ArgumentReader(
        term: term,
        positional: ["filters", "kernel", "activation?"],
        keys: ["stride", "padding", "bias"]
      )
      let filters = try reader.int("filters")
      let kernel = try reader.int("kernel")
      let activation = try reader.optionalActivation() ?? .linear
      let stride = try reader.int(key: "stride", default: 1)
      let padding = try reader.padding()
      let useBias = try reader.bool(key: "bias", default: true)
      if term.name == "conv1d" {
        return Conv1D(
          filters: filters,
          kernelSize: kernel,
          stride: stride,
          padding: padding,
          activation: activation,
          useBias: useBias
        )
      }
      return Conv2D(
        filters: filters,
        kernelSize: kernel,
        stride: stride,
        padding: padding,
        activation: activation,
        useBias: useBias
      )
    case "depthwiseconv2d":
      var reader = try ArgumentReader(
        term: term,
        positional: ["kernel"],
        keys: ["multiplier", "stride", "padding", "bias"]
      )
      let kernel = try reader.int("kernel")
      return DepthwiseConv2D(
        kernelSize: kernel,
        depthMultiplier: try reader.int(key: "multiplier", default: 1),
        stride: try reader.int(key: "stride", default: 1),
        padding: try reader.padding(),
        useBias: try reader.bool(key: "bias", default: true)
      )
    case "separableconv2d":
      var reader = try ArgumentReader(
        term: term,
        positional: ["filters", "kernel"],
        keys: ["stride", "padding", "bias"]
      )
      let filters = try reader.int("filters")
      let kernel = try reader.int("kernel")
      return SeparableConv2D(
        filters: filters,
        kernelSize: kernel,
        stride: try reader.int(key: "stride", default: 1),
        padding: try reader.padding(),
        useBias: try reader.bool(key: "bias", default: true)
      )
    case "maxpool2d", "avgpool2d":
      var reader = try ArgumentReader(
        term: term,
        positional: ["pool"],
        keys: ["stride", "padding"]
      )
      let pool = try reader.int("pool")
      return Pool2D(
        term.name == "maxpool2d" ? .max : .average,
        poolSize: pool,
        stride: try reader.int(key: "stride", default: pool),
        padding: try reader.padding()
      )
    case "globalavgpool2d", "globalmaxpool2d":
      _ = try ArgumentReader(term: term, positional: [], keys: [])
      return GlobalPool2D(term.name == "globalmaxpool2d" ? .max : .average)
    case "flatten":
      _ = try ArgumentReader(term: term, positional: [], keys: [])
      return Flatten()
    case "dropout":
      var reader = try ArgumentReader(term: term, positional: ["rate"], keys: [])
      return Dropout(rate: try reader.rate("dropout rate"))
    case "batchnorm":
      _ = try ArgumentReader(term: term, positional: [], keys: [])
      return BatchNormalization()
    case "layernorm":
      _ = try ArgumentReader(term: term, positional: [], keys: [])
      return LayerNormalization()
    case "relu", "sigmoid", "tanh", "softmax", "gelu", "silu":
      _ = try ArgumentReader(term: term, positional: [], keys: [])
      return Activation(ActivationFunction(rawValue: term.name) ?? .linear)
    case "embedding":
      var reader = try ArgumentReader(term: term, positional: ["vocab", "dim"], keys: [])
      let vocabulary = try reader.int("vocab")
      return Embedding(vocabularySize: vocabulary, dimension: try reader.int("dim"))
    case "simplernn", "lstm", "gru":
      var reader = try ArgumentReader(term: term, positional: ["units"], keys: ["return_sequences"])
      let units = try reader.int("units")
      let sequences = try reader.bool(key: "return_sequences", default: false)
      switch term.name {
      case "lstm": return LSTM(units: units, returnSequences: sequences)
      case "gru": return GRU(units: units, returnSequences: sequences)
      default: return SimpleRNN(units: units, returnSequences: sequences)
      }
    case "residual":
      return try ResidualTerm.layer(for: term)
    case "mha":
      var reader = try ArgumentReader(term: term, positional: ["heads", "key_dim"], keys: [])
      let heads = try reader.int("heads")
      return MultiHeadAttention(heads: heads, keyDimension: try reader.int("key_dim"))
    default:
      return try analyticLayer(for: term)
    }
  }

  /// The analytic-only blocks.
  private static func analyticLayer(for term: Term) throws(SpecError) -> any LayerDescription {
    switch term.name {
    case "transformerembedding":
      var reader = try ArgumentReader(
        term: term,
        positional: ["vocab", "dim"],
        keys: ["positions", "segments", "layernorm"]
      )
      let vocabulary = try reader.int("vocab")
      let dimension = try reader.int("dim")
      return TransformerEmbedding(
        vocabularySize: vocabulary,
        dimension: dimension,
        positions: try reader.int(key: "positions", default: 0, minimum: 0),
        segments: try reader.int(key: "segments", default: 0, minimum: 0),
        layerNorm: try reader.bool(key: "layernorm", default: false)
      )
    case "transformer":
      var reader = try ArgumentReader(term: term, positional: ["heads", "ff"], keys: [])
      let heads = try reader.int("heads")
      return TransformerBlock(heads: heads, feedForward: try reader.int("ff"))
    case "pooler":
      _ = try ArgumentReader(term: term, positional: [], keys: [])
      return Pooler()
    case "lmhead":
      var reader = try ArgumentReader(term: term, positional: ["vocab"], keys: ["tied"])
      let vocabulary = try reader.int("vocab")
      return LanguageModelHead(
        vocabularySize: vocabulary,
        tied: try reader.bool(key: "tied", default: true)
      )
    case "bottleneck":
      var reader = try ArgumentReader(
        term: term,
        positional: ["filters"],
        keys: ["stride", "shortcut"]
      )
      let filters = try reader.int("filters")
      return BottleneckBlock(
        filters: filters,
        stride: try reader.int(key: "stride", default: 1),
        projectShortcut: try reader.choice(
          key: "shortcut",
          ["conv", "identity"],
          default: "identity"
        ) == "conv"
      )
    default:
      if let layer = try FoundationModelTerms.layer(for: term) { return layer }
      throw term.error(unknownNameMessage(term.name))
    }
  }

  /// The message for an unknown name, suggesting the nearest known one.
  static func unknownNameMessage(_ name: String) -> String {
    if name != name.lowercased() && (names + Preset.names + ["input"]).contains(name.lowercased()) {
      return "names are lower case: write `\(name.lowercased())`"
    }
    var message = "unknown layer `\(name)`"
    if let near = NameSuggester.nearest(to: name, in: names + Preset.names + ["input"]) {
      message += "; did you mean `\(near)`?"
    } else {
      message += "; known layers: \(standardNames.joined(separator: ", "))"
    }
    return message
  }
}
