import Engine

/// A summary recounted under PyTorch's convention (`calc summary --convention torch`).
enum ConventionSummary {
  /// The summary document with `convention` and `buffers` added.
  struct Document: Encodable {
    let summary: ModelSummary
    let buffers: Int64

    enum CodingKeys: String, CodingKey {
      case convention, buffers
    }

    /// The summary's own fields, then this document's into the same JSON object.
    func encode(to encoder: any Encoder) throws {
      try summary.encode(to: encoder)
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode("torch", forKey: .convention)
      try container.encode(buffers, forKey: .buffers)
    }
  }

  /// `summary` with every layer's parameters, the totals and the byte figures as PyTorch
  /// counts them (all parameters trainable; batch-norm statistics become buffers).
  static func torch(_ summary: ModelSummary, model: ModelDescription) -> ModelSummary {
    var result = summary
    let convention = CountingConvention.torch
    var total: Int64 = 0
    for (index, record) in model.layers.enumerated() where index < result.layers.count {
      let count = convention.parameters(of: record)
      result.layers[index].params = count
      result.layers[index].trainable = count
      result.layers[index].nonTrainable = 0
      total &+= count
    }
    let difference = total &- summary.totalParams
    result.totalParams = total
    result.trainableParams = total
    result.nonTrainableParams = 0
    result.activeParams = summary.activeParams &+ difference
    result.bytes = ModelSummary.Bytes(
      fp32: total &* 4,
      fp16: total &* 2,
      int8: total,
      int4: total / 2 + total % 2
    )
    return result
  }
}
