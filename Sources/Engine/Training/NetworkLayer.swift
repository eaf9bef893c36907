/// One layer of a `Network`: its config, shapes, weights, gradients and training caches.
///
/// Forward and backward passes dispatch on `config`. Weights are stored in Keras order (see
/// `NamedWeight`); `gradients[i]` has the shape of `weights[i]` and is overwritten by each
/// `backward` call (zero for non-trainable weights such as batch-norm moving statistics).
public struct NetworkLayer: Sendable {
  /// What the layer is.
  public let config: TrainableLayerConfig
  /// Keras-style unique name (`dense`, `dense_1`, …).
  public let name: String
  /// Shape of one example entering the layer (no batch axis).
  public let inputShape: [Int]
  /// Shape of one example leaving the layer (no batch axis).
  public let outputShape: [Int]
  /// Weight tensors in Keras order.
  public package(set) var weights: [Tensor]
  /// The role of each weight (`kernel`, `bias`, `gamma`, …).
  public let roles: [String]
  /// Whether each weight is trainable.
  public let trainable: [Bool]
  /// ∂loss/∂weight from the last backward pass.
  public internal(set) var gradients: [Tensor]
  /// Values kept by a training forward pass for the backward pass.
  var cache = Cache()

  struct Cache: Sendable {
    var input = Tensor(shape: [0])
    var output = Tensor(shape: [0])
    var col: [Float] = []
    var xHat: [Float] = []
    var inverseStd: [Float] = []
    var argmax: [Int32] = []
    var mask: [Float] = []
  }

  /// Number of values in all weights (trainable and not).
  public var parameterCount: Int { weights.reduce(0) { $0 + $1.count } }

  /// Builds the layer for `inputShape`, initialising weights as Keras does.
  package init(
    config: TrainableLayerConfig,
    name: String,
    index: Int,
    inputShape: [Int],
    generator: inout SeededGenerator
  ) throws(NetworkError) {
    self.config = config
    self.name = name
    self.inputShape = inputShape
    func misfit(_ reason: String) -> NetworkError {
      .layerDoesNotFit(
        index: index,
        layer: config.kerasName,
        inputShape: inputShape,
        reason: reason
      )
    }
    func positive(_ values: Int...) throws(NetworkError) {
      if values.contains(where: { $0 <= 0 }) { throw misfit("sizes must be positive") }
    }
    var shapes: [[Int]] = []
    var roles: [String] = []
    var trainable: [Bool] = []
    var weights: [Tensor] = []
    func add(_ role: String, _ shape: [Int], _ values: [Float], trainable isTrainable: Bool = true)
    {
      roles.append(role)
      shapes.append(shape)
      trainable.append(isTrainable)
      weights.append(Tensor(shape: shape, scalars: values))
    }
    func zeros(_ shape: [Int]) -> [Float] { [Float](repeating: 0, count: shape.reduce(1, *)) }
    func image() throws(NetworkError) -> (Int, Int, Int) {
      guard inputShape.count == 3 else {
        throw misfit("it needs images (height, width, channels); add a reshape or use dense")
      }
      return (inputShape[0], inputShape[1], inputShape[2])
    }
    let output: [Int]
    switch config {
    case .dense(let units, _, let useBias):
      try positive(units)
      guard let features = inputShape.last, features > 0 else {
        throw misfit("it needs at least one feature axis")
      }
      add(
        "kernel",
        [features, units],
        WeightInitializer.glorotUniform.values(shape: [features, units], using: &generator)
      )
      if useBias { add("bias", [units], zeros([units])) }
      output = inputShape.dropLast() + [units]
    case .conv2d(let filters, let kernel, let stride, let padding, _, let useBias):
      try positive(filters, kernel.height, kernel.width, stride.height, stride.width)
      let (h, w, c) = try image()
      let g = Convolution.Geometry(
        batch: 1,
        height: h,
        width: w,
        channels: c,
        kernel: (kernel.height, kernel.width),
        stride: (stride.height, stride.width),
        padding: padding
      )
      guard g.outputHeight > 0 && g.outputWidth > 0 else {
        throw misfit("the \(kernel)×\(kernel) kernel is larger than the \(h)×\(w) image")
      }
      let shape = [kernel.height, kernel.width, c, filters]
      add("kernel", shape, WeightInitializer.glorotUniform.values(shape: shape, using: &generator))
      if useBias { add("bias", [filters], zeros([filters])) }
      output = [g.outputHeight, g.outputWidth, filters]
    case .depthwiseConv2d(let kernel, let stride, let padding, let multiplier, _, let useBias):
      try positive(multiplier, kernel.height, kernel.width, stride.height, stride.width)
      let (h, w, c) = try image()
      let g = Convolution.Geometry(
        batch: 1,
        height: h,
        width: w,
        channels: c,
        kernel: (kernel.height, kernel.width),
        stride: (stride.height, stride.width),
        padding: padding
      )
      guard g.outputHeight > 0 && g.outputWidth > 0 else {
        throw misfit("the \(kernel)×\(kernel) kernel is larger than the \(h)×\(w) image")
      }
      let shape = [kernel.height, kernel.width, c, multiplier]
      add(
        "depthwise_kernel",
        shape,
        WeightInitializer.glorotUniform.values(shape: shape, using: &generator)
      )
      if useBias { add("bias", [c * multiplier], zeros([c * multiplier])) }
      output = [g.outputHeight, g.outputWidth, c * multiplier]
    case .maxPool2d(let pool, let stride, let padding),
      .avgPool2d(let pool, let stride, let padding):
      try positive(pool.height, pool.width, stride.height, stride.width)
      let (h, w, c) = try image()
      let g = Convolution.Geometry(
        batch: 1,
        height: h,
        width: w,
        channels: c,
        kernel: (pool.height, pool.width),
        stride: (stride.height, stride.width),
        padding: padding
      )
      guard g.outputHeight > 0 && g.outputWidth > 0 else {
        throw misfit("the \(pool) pool is larger than the \(h)×\(w) image")
      }
      output = [g.outputHeight, g.outputWidth, c]
    case .globalAvgPool2d, .globalMaxPool2d:
      let (_, _, c) = try image()
      output = [c]
    case .flatten:
      output = [inputShape.reduce(1, *)]
    case .dropout(let rate):
      guard rate >= 0 && rate < 1 else {
        throw NetworkError.invalidSetting("dropout rate must be in [0, 1), not \(rate)")
      }
      output = inputShape
    case .batchNorm(let momentum, let epsilon):
      guard let f = inputShape.last, f > 0, momentum >= 0, momentum < 1, epsilon > 0 else {
        throw misfit("it needs a feature axis, 0 ≤ momentum < 1 and ε > 0")
      }
      add("gamma", [f], [Float](repeating: 1, count: f))
      add("beta", [f], zeros([f]))
      add("moving_mean", [f], zeros([f]), trainable: false)
      add("moving_variance", [f], [Float](repeating: 1, count: f), trainable: false)
      output = inputShape
    case .layerNorm(let epsilon):
      guard let f = inputShape.last, f > 0, epsilon > 0 else {
        throw misfit("it needs a feature axis and ε > 0")
      }
      add("gamma", [f], [Float](repeating: 1, count: f))
      add("beta", [f], zeros([f]))
      output = inputShape
    case .activation:
      output = inputShape
    case .embedding(let vocab, let dim):
      try positive(vocab, dim)
      guard index == 0 else {
        throw misfit("it reads token ids, so it must be the first layer, right after the input")
      }
      guard inputShape.count == 1 else {
        throw misfit("it needs a sequence of token ids (length); put it first")
      }
      add(
        "embeddings",
        [vocab, dim],
        WeightInitializer.uniform(limit: 0.05).values(shape: [vocab, dim], using: &generator)
      )
      output = inputShape + [dim]
    case .simpleRNN(let units, let sequences), .lstm(let units, let sequences),
      .gru(let units, let sequences):
      try positive(units)
      guard inputShape.count == 2 else {
        throw misfit("it needs sequences (time, features); add an embedding or reshape first")
      }
      let cell: RecurrentKernels.Cell =
        switch config {
        case .lstm: .lstm
        case .gru: .gru
        default: .simpleRNN
        }
      let g = cell.gates * units
      add(
        "kernel",
        [inputShape[1], g],
        WeightInitializer.glorotUniform.values(shape: [inputShape[1], g], using: &generator)
      )
      var recurrent = [Float]()
      for _ in 0..<cell.gates {
        recurrent += WeightInitializer.orthogonal.values(shape: [units, units], using: &generator)
      }
      // Gate blocks side by side: [u, g] from `gates` orthogonal [u, u] blocks.
      var interleaved = [Float](repeating: 0, count: units * g)
      for block in 0..<cell.gates {
        for r in 0..<units {
          for c in 0..<units {
            interleaved[r * g + block * units + c] =
              recurrent[block * units * units + r * units + c]
          }
        }
      }
      add("recurrent_kernel", [units, g], interleaved)
      switch cell {
      case .gru:
        add("bias", [2, g], zeros([2, g]))
      case .lstm:
        add(
          "bias",
          [g],
          WeightInitializer.lstmBias(units: units).values(shape: [g], using: &generator)
        )
      case .simpleRNN:
        add("bias", [g], zeros([g]))
      }
      output = sequences ? [inputShape[0], units] : [units]
    case .multiHeadSelfAttention(let heads, let keyDim):
      try positive(heads, keyDim)
      guard inputShape.count == 2 else { throw misfit("it needs sequences (time, features)") }
      let d = inputShape[1]
      for part in ["query", "key", "value"] {
        add(
          part + "/kernel",
          [d, heads, keyDim],
          WeightInitializer.glorotUniform.values(shape: [d, heads, keyDim], using: &generator)
        )
        add(part + "/bias", [heads, keyDim], zeros([heads, keyDim]))
      }
      add(
        "attention_output/kernel",
        [heads, keyDim, d],
        WeightInitializer.glorotUniform.values(shape: [heads, keyDim, d], using: &generator)
      )
      add("attention_output/bias", [d], zeros([d]))
      output = inputShape
    }
    self.outputShape = output
    self.weights = weights
    self.roles = roles
    self.trainable = trainable
    self.gradients = shapes.map { Tensor(shape: $0) }
  }
}
