import Foundation

/// Cross-entropy of next-token logits against targets, averaged over rows (PyTorch's
/// `F.cross_entropy`, in nats).
///
/// loss = mean over rows of −log softmax(logits)[target]; its gradient with respect to the
/// logits is (softmax − one-hot(target)) / rows.
public enum SoftmaxCrossEntropy {
  /// The mean loss; when `gradient` is given it receives ∂loss/∂logits.
  static func loss(
    logits: UnsafePointer<Float>,
    targets: UnsafePointer<Int32>,
    rows: Int,
    classes: Int,
    gradient: UnsafeMutablePointer<Float>?
  ) -> Double {
    var total = 0.0
    let scratch = FloatBuffer(count: classes)
    for r in 0..<rows {
      let row = gradient.map { $0 + r * classes } ?? scratch.pointer
      row.update(from: logits + r * classes, count: classes)
      var largest = -Float.infinity
      for j in 0..<classes { largest = Swift.max(largest, row[j]) }
      var sum: Double = 0
      for j in 0..<classes { sum += Double(LanguageMath.exp(row[j] - largest)) }
      let target = Int(targets[r])
      total += (Double(largest) + Foundation.log(sum)) - Double(row[target])
      if gradient != nil {
        LanguageMath.softmax(row, count: classes)
        row[target] -= 1
        let scale = 1 / Float(rows)
        for j in 0..<classes { row[j] *= scale }
      }
    }
    return total / Double(rows)
  }
}
