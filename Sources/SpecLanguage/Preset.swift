/// A named model a learner can start from; each expands to a spec in the spec language.
public struct Preset: Sendable, Equatable {
  /// The name typed in a spec, such as `seed-cnn`.
  public let name: String
  /// One line saying what the model is.
  public let summary: String
  /// The spec the name expands to.
  public let spec: String
  /// Whether the model is described from its configuration only (too big to build, train or
  /// time here); it still answers size, memory and precision questions.
  public let isAnalyticOnly: Bool
  /// The published parameter count the preset reproduces.
  public let publishedParameters: Int64

  /// Every preset, small to large.
  public static let all: [Preset] =
    [
      Preset(
        name: "seed-mlp",
        summary: "the seed articles' MNIST MLP 784-128-10",
        spec: "input(784) dense(128,relu) dense(10,softmax)",
        isAnalyticOnly: false,
        publishedParameters: 101_770
      ),
      Preset(
        name: "seed-cnn",
        summary: "the seed articles' two-conv MNIST CNN",
        spec:
          "input(28,28,1) conv2d(32,3,relu) maxpool2d(2) conv2d(64,3,relu) maxpool2d(2) flatten dense(64,relu) dense(10,softmax)",
        isAnalyticOnly: false,
        publishedParameters: 121_930
      ),
      Preset(
        name: "teacher",
        summary: "a distillation teacher, 784-512-256-10 (logits)",
        spec: "input(784) dense(512,relu) dense(256,relu) dense(10)",
        isAnalyticOnly: false,
        publishedParameters: 535_818
      ),
      Preset(
        name: "student",
        summary: "a distillation student, 784-128-10 (logits)",
        spec: "input(784) dense(128,relu) dense(10)",
        isAnalyticOnly: false,
        publishedParameters: 101_770
      ),
      Preset(
        name: "dropout-mlp",
        summary: "the seed articles' MLP with dropout(0.5)",
        spec: "input(784) dense(128,relu) dropout(0.5) dense(10,softmax)",
        isAnalyticOnly: false,
        publishedParameters: 101_770
      ),
      Preset(
        name: "vgg16",
        summary: "VGG16 (Keras applications, 224x224x3, 1000 classes)",
        spec: vgg16Spec,
        isAnalyticOnly: false,
        publishedParameters: 138_357_544
      ),
      Preset(
        name: "mobilenet-v1",
        summary:
          "MobileNet v1, alpha 1 (Keras applications, 224x224x3, 1000 classes; relu for relu6)",
        spec: mobileNetSpec,
        isAnalyticOnly: false,
        publishedParameters: 4_253_864
      ),
      Preset(
        name: "tiny-gpt",
        summary:
          "nanoGPT's Shakespeare character model for a CPU: 4 blocks, 4 heads, d 128, context 64, tied head",
        spec: "input(64) tokenembedding(65,128) positions(64)"
          + " decoder(heads=4,mlp=512,mlp_kind=gelu,norm=layernorm,bias=true)x4 layernorm"
          + " head(65,tied=true)",
        isAnalyticOnly: true,
        publishedParameters: 809_856
      ),
      Preset(
        name: "tiny-lstm",
        summary:
          "a char-rnn-style LSTM for Shakespeare: embedding 128, 2 LSTM layers of 232, context 64",
        spec: "input(64) embedding(65,128) lstm(232,return_sequences=true)x2 dense(65)",
        isAnalyticOnly: false,
        publishedParameters: 789_993
      ),
      Preset(
        name: "resnet50",
        summary: "ResNet-50 (Keras applications: biased convolutions, 53,120 non-trainable)",
        spec: resNet50Spec,
        isAnalyticOnly: true,
        publishedParameters: 25_636_712
      ),
      Preset(
        name: "distilbert",
        summary: "DistilBERT base uncased: 6 layers, d 768, 12 heads, no pooler",
        spec: "input(512) transformerembedding(30522,768,positions=512,layernorm=true)"
          + String(repeating: " transformer(12,3072)", count: 6),
        isAnalyticOnly: true,
        publishedParameters: 66_362_880
      ),
      Preset(
        name: "bert-base",
        summary: "BERT base uncased: 12 layers, d 768, 12 heads, with the pooler",
        spec: "input(512) transformerembedding(30522,768,positions=512,segments=2,layernorm=true)"
          + String(repeating: " transformer(12,3072)", count: 12) + " pooler",
        isAnalyticOnly: true,
        publishedParameters: 109_482_240
      ),
      Preset(
        name: "gpt2",
        summary: "GPT-2 small: 12 layers, d 768, context 1024, LM head tied to the embedding",
        spec: "input(1024) transformerembedding(50257,768,positions=1024)"
          + String(repeating: " transformer(12,3072)", count: 12) + " layernorm lmhead(50257)",
        isAnalyticOnly: true,
        publishedParameters: 124_439_808
      ),
      Preset(
        name: "gpt3-175b",
        summary: "GPT-3 175B: 96 layers, d 12,288, 96 heads, context 2048, tied LM head",
        spec: "input(2048) transformerembedding(50257,12288,positions=2048)"
          + String(repeating: " transformer(96,49152)", count: 96) + " layernorm lmhead(50257)",
        isAnalyticOnly: true,
        publishedParameters: 174_604_259_328
      ),
    ] + foundationModels

  /// The preset names, in `all` order.
  public static var names: [String] { all.map(\.name) }

  /// The preset called `name`, if any.
  public static func named(_ name: String) -> Preset? {
    all.first { $0.name == name }
  }

  private static var vgg16Spec: String {
    var terms = ["input(224,224,3)"]
    for (filters, count) in [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)] {
      terms += Array(repeating: "conv2d(\(filters),3,relu,padding=same)", count: count)
      terms.append("maxpool2d(2)")
    }
    terms += ["flatten", "dense(4096,relu)", "dense(4096,relu)", "dense(1000,softmax)"]
    return terms.joined(separator: " ")
  }

  private static var mobileNetSpec: String {
    var terms = [
      "input(224,224,3)", "conv2d(32,3,stride=2,padding=same,bias=false)", "batchnorm", "relu",
    ]
    let blocks = [
      (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
      (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1),
    ]
    for (filters, stride) in blocks {
      let strideText = stride == 1 ? "" : "stride=\(stride),"
      terms += [
        "depthwiseconv2d(3,\(strideText)padding=same,bias=false)", "batchnorm", "relu",
        "conv2d(\(filters),1,padding=same,bias=false)", "batchnorm", "relu",
      ]
    }
    terms += ["globalavgpool2d", "dropout(0.001)", "dense(1000,softmax)"]
    return terms.joined(separator: " ")
  }

  private static var resNet50Spec: String {
    var terms = [
      "input(224,224,3)", "conv2d(64,7,stride=2,padding=same)", "batchnorm", "relu",
      "maxpool2d(3,stride=2,padding=same)",
    ]
    for (filters, blocks, stride) in [(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)] {
      terms.append("bottleneck(\(filters),stride=\(stride),shortcut=conv)")
      terms += Array(repeating: "bottleneck(\(filters))", count: blocks - 1)
    }
    terms += ["globalavgpool2d", "dense(1000,softmax)"]
    return terms.joined(separator: " ")
  }
}
