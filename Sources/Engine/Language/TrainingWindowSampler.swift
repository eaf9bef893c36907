/// Draws a batch of random training windows from a corpus, nanoGPT's `get_batch`: for each
/// of `batch` sequences a random start, `tokens` characters as inputs and the same window
/// shifted by one as targets.
///
/// Training and fine-tuning draw from the same seeded stream, so a run from scratch and a
/// fine-tune (distillation with alpha 0) see the same batches in the same order.
struct TrainingWindowSampler {
  let batch: Int
  let tokens: Int
  private var generator: SeededGenerator
  /// The last batch's inputs, `batch × tokens` token ids.
  private(set) var inputs: [Int32]
  /// The last batch's targets: each input's next token.
  private(set) var targets: [Int32]

  /// A sampler seeded from the recipe's seed.
  init(batch: Int, tokens: Int, seed: UInt64) {
    self.batch = batch
    self.tokens = tokens
    self.generator = SeededGenerator(seed: seed &+ 0x6C6D)
    self.inputs = [Int32](repeating: 0, count: batch * tokens)
    self.targets = [Int32](repeating: 0, count: batch * tokens)
  }

  /// Fills `inputs` and `targets` with the next batch of windows of `text`.
  mutating func drawBatch(from text: [Int32]) {
    for b in 0..<batch {
      let offset = generator.nextInt(below: text.count - tokens)
      for t in 0..<tokens {
        inputs[b * tokens + t] = text[offset + t]
        targets[b * tokens + t] = text[offset + t + 1]
      }
    }
  }
}
