import Curriculum
import Engine
import SpecLanguage

/// Makes calculation questions whose answers the engine computes, with the worked
/// formula as the explanation: an unlimited drill that can never state a wrong number.
struct QuestionGenerator {
  /// One kind of generated question.
  enum Template: String, CaseIterable {
    case denseParams = "dense-params"
    case convParams = "conv-params"
    case depthwiseSeparable = "separable-params"
    case lstmParams = "lstm-params"
    case gruParams = "gru-params"
    case batchnormNonTrainable = "batchnorm-non-trainable"
    case embeddingParams = "embedding-params"
    case convOutput = "conv-output"
    case weightBytes = "weight-bytes"
    case adamMemory = "adam-memory"
    case denseMACs = "dense-macs"
    case modelParams = "model-params"
  }

  var generator: SeededGenerator

  init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

  mutating func pick<T>(_ values: [T]) -> T { values[Int(generator.next() % UInt64(values.count))] }

  /// A fresh question from `template` (or a random one).
  mutating func next(_ template: Template? = nil) throws -> Question {
    let chosen = template ?? pick(Template.allCases)
    switch chosen {
    case .denseParams:
      let inputs = pick([16, 32, 64, 100, 128, 256, 300, 512, 784, 1024])
      let units = pick([8, 10, 16, 32, 64, 100, 128, 256, 512])
      let bias = pick([true, true, false])
      let spec = "input(\(inputs)) dense(\(units)\(bias ? "" : ",bias=false"))"
      return try params(
        chosen,
        spec: spec,
        prompt:
          "How many parameters does `dense(\(units)\(bias ? "" : ", bias=false"))` have on an input of \(inputs) values?",
        topic: "deep-networks",
        section: "measure-parameters"
      )
    case .convParams:
      let size = pick([13, 14, 26, 28, 32, 56])
      let channels = pick([1, 3, 16, 32, 64])
      let filters = pick([8, 16, 32, 64, 128])
      let kernel = pick([1, 3, 5])
      let spec = "input(\(size),\(size),\(channels)) conv2d(\(filters),\(kernel))"
      return try params(
        chosen,
        spec: spec,
        prompt:
          "How many parameters does `conv2d(\(filters),\(kernel))` have on a \(size)x\(size)x\(channels) input?",
        topic: "deep-networks",
        section: "deep-cnn"
      )
    case .depthwiseSeparable:
      let channels = pick([16, 32, 64, 128])
      let filters = pick([32, 64, 128, 256])
      let spec = "input(28,28,\(channels)) separableconv2d(\(filters),3)"
      return try params(
        chosen,
        spec: spec,
        prompt:
          "How many parameters does `separableconv2d(\(filters),3)` (depthwise 3x3, then pointwise 1x1, with bias) have on a 28x28x\(channels) input?",
        topic: "efficient-architectures",
        section: "arch-mobilenet"
      )
    case .lstmParams, .gruParams:
      let features = pick([4, 8, 16, 32, 64])
      let units = pick([16, 32, 64, 128])
      let layer = chosen == .lstmParams ? "lstm" : "gru"
      let spec = "input(50,\(features)) \(layer)(\(units))"
      return try params(
        chosen,
        spec: spec,
        prompt:
          "How many parameters does Keras count for `\(layer)(\(units))` on sequences of \(features) features\(layer == "gru" ? " (Keras 3 default, reset_after=True)" : "")?",
        topic: "deep-networks",
        section: "deep-rnn"
      )
    case .batchnormNonTrainable:
      let channels = pick([16, 32, 64, 128, 256])
      let spec = "input(28,28,3) conv2d(\(channels),3,bias=false) batchnorm"
      let model = try ModelSpec.parse(spec)
      let summary = model.summary()
      return numeric(
        chosen,
        prompt:
          "A `batchnorm` layer follows a conv2d with \(channels) filters. How many of its parameters does Keras report as non-trainable?",
        answer: Double(summary.nonTrainableParams),
        unit: "parameters",
        explanation:
          "Batch normalisation keeps 4 values per channel: gamma and beta are trained, the moving mean and moving variance are not. \(channels) channels × 2 = \(NumberFormat.grouped(summary.nonTrainableParams)) non-trainable.",
        topic: "regularization",
        section: "reg-batchnorm"
      )
    case .embeddingParams:
      let vocab = pick([1000, 5000, 10000, 30522, 50257])
      let dim = pick([16, 32, 64, 128, 300, 768])
      let spec = "input(20) embedding(\(vocab),\(dim))"
      return try params(
        chosen,
        spec: spec,
        prompt: "How many parameters does `embedding(\(vocab),\(dim))` have?",
        topic: "deep-networks",
        section: "deep-transformer"
      )
    case .convOutput:
      let size = pick([28, 32, 64, 224])
      let kernel = pick([3, 5, 7])
      let stride = pick([1, 2])
      let padding = pick(["valid", "same"])
      let spec = "input(\(size),\(size),3) conv2d(8,\(kernel),stride=\(stride),padding=\(padding))"
      let model = try ModelSpec.parse(spec)
      let height = model.summary().layers[0].outputShape[0]
      let formula =
        padding == "valid"
        ? "valid padding: floor((\(size) − \(kernel)) / \(stride)) + 1 = \(height)"
        : "same padding: ceil(\(size) / \(stride)) = \(height)"
      return numeric(
        chosen,
        prompt:
          "A \(size)x\(size) image goes through `conv2d(8,\(kernel),stride=\(stride),padding=\(padding))`. What is the output height?",
        answer: Double(height),
        unit: "pixels",
        explanation: "Keras computes the output size as " + formula + ".",
        topic: "deep-networks",
        section: "deep-cnn"
      )
    case .weightBytes:
      let preset = pick(["seed-mlp", "seed-cnn", "teacher", "mobilenet-v1"])
      let precision = pick(["fp16", "int8", "int4"])
      let summary = try ModelSpec.parse(preset).summary()
      let bytes: Int64 =
        switch precision {
        case "fp16": summary.bytes.fp16
        case "int8": summary.bytes.int8
        default: summary.bytes.int4
        }
      let perValue =
        precision == "fp16"
        ? "2 bytes"
        : precision == "int8" ? "1 byte" : "half a byte (two values per byte, rounded up)"
      return numeric(
        chosen,
        prompt:
          "`\(preset)` has \(NumberFormat.grouped(summary.totalParams)) parameters. How many bytes do its weights take at \(precision) (payload only, no scales or file header)?",
        answer: Double(bytes),
        unit: "bytes",
        explanation:
          "\(precision) stores each value in \(perValue): \(NumberFormat.grouped(summary.totalParams)) values → \(NumberFormat.grouped(bytes)) bytes.",
        topic: "quantization",
        section: "quant-datatypes"
      )
    case .adamMemory:
      let units = pick([64, 128, 256, 512])
      let spec = "input(784) dense(\(units),relu) dense(10)"
      let summary = try ModelSpec.parse(spec).summary()
      let answer = summary.bytes.fp32 * 4
      return numeric(
        chosen,
        prompt:
          "`\(spec)` has \(NumberFormat.grouped(summary.totalParams)) fp32 parameters. Training it with Adam keeps the weights, their gradients and Adam's two moment estimates. How many bytes do those four take together (ignore activations)?",
        answer: Double(answer),
        unit: "bytes",
        explanation:
          "4 copies × \(NumberFormat.grouped(summary.totalParams)) values × 4 bytes = \(NumberFormat.grouped(answer)) bytes. Activations come on top and grow with the batch size.",
        topic: "measuring-size",
        section: "measure-memory"
      )
    case .denseMACs:
      let inputs = pick([64, 128, 256, 784, 1024])
      let units = pick([10, 32, 64, 128, 256])
      let summary = try ModelSpec.parse("input(\(inputs)) dense(\(units))").summary()
      return numeric(
        chosen,
        prompt:
          "How many multiply-accumulates (MACs) does `dense(\(units))` perform for one example with \(inputs) inputs (bias adds not counted)?",
        answer: Double(summary.macs),
        unit: "MACs",
        explanation:
          "Each of the \(units) outputs is a dot product of \(inputs) terms: \(inputs) × \(units) = \(NumberFormat.grouped(summary.macs)) MACs, or \(NumberFormat.grouped(summary.macs * 2)) FLOPs.",
        topic: "training-cost",
        section: "train-flops"
      )
    case .modelParams:
      let hidden = pick([32, 64, 128, 256])
      let second = pick([16, 32, 64])
      let inputs = pick([20, 30, 64, 784])
      let spec = "input(\(inputs)) dense(\(hidden),relu) dense(\(second),relu) dense(1,sigmoid)"
      return try params(
        chosen,
        spec: spec,
        prompt: "How many parameters does `\(spec)` have in total?",
        topic: "measuring-size",
        section: "measure-parameters"
      )
    }
  }

  private func params(
    _ template: Template,
    spec: String,
    prompt: String,
    topic: String,
    section: String
  )
    throws -> Question
  {
    let model = try ModelSpec.parse(spec)
    let summary = model.summary()
    let lines = model.explainLines()
    return numeric(
      template,
      prompt: prompt,
      answer: Double(summary.totalParams),
      unit: "parameters",
      // One sentence: the explanation is wrapped as a paragraph, so lines would run together.
      explanation: (lines + ["total \(NumberFormat.grouped(summary.totalParams))."]).joined(
        separator: "; "
      ),
      topic: topic,
      section: section
    )
  }

  private func numeric(
    _ template: Template,
    prompt: String,
    answer: Double,
    unit: String,
    explanation: String,
    topic: String,
    section: String
  ) -> Question {
    let tag = ExamTag(tasks: ["2.2"], inScope: true)
    return Question(
      id: "gen-" + template.rawValue,
      topic: topic,
      section: section,
      difficulty: 2,
      exams: [.c01: tag, .c02: ExamTag(tasks: ["2.1.7"], inScope: true)],
      prompt: prompt,
      kind: .numeric(answer: answer, tolerance: 0, unit: unit),
      explanation: explanation,
      hints: [
        "Write the formula for this layer first.", "Multiply the shapes, then add the biases.",
      ]
    )
  }
}
