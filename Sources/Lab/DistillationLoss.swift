import Engine
import Foundation

/// The distillation loss of Hinton, Vinyals and Dean (2015), on logits.
///
/// Per example, with student logits `z`, teacher logits `t`, label `y`, temperature `T` and
/// weight `α` on the soft-target term:
///
///     L = α·T²·KL(softmax(t/T) ‖ softmax(z/T)) + (1 − α)·CE(y, softmax(z))
///
/// and the batch loss is the mean over examples. Its gradient with respect to each logit is
///
///     ∂L/∂zⱼ = α·T·(softmax(z/T)ⱼ − softmax(t/T)ⱼ) + (1 − α)·(softmax(z)ⱼ − [j = y])
///
/// (divided by the batch size). The soft term's own gradient is `(1/T)(qⱼ − pⱼ)`, so it
/// shrinks as 1/T² at high temperature; the T² factor keeps it comparable with the hard term
/// whatever T is. Without it ("distillation did not help"), a high temperature quietly turns
/// the teacher off. Note that α here weights the soft term (Keras' example weights the hard
/// term with α instead).
///
/// A single output (binary classification with a sigmoid) is treated as the two logits
/// `[z, 0]`, whose softmax is `[σ(z), 1 − σ(z)]`.
public struct DistillationLoss: Sendable, Equatable {
  /// The softmax temperature T (> 0); higher values soften the teacher's distribution.
  public var temperature: Double
  /// The weight α of the soft-target term, in [0, 1]; the hard-label term gets 1 − α.
  public var alpha: Double

  public init(temperature: Double = 4, alpha: Double = 0.7) {
    self.temperature = temperature
    self.alpha = alpha
  }

  /// Checks the values a learner typed.
  public func validate() throws(EngineError) {
    guard temperature.isFinite, temperature > 0, temperature <= 100 else {
      throw .outOfRange(.temperature, value: "\(temperature)", allowed: "above 0 and at most 100")
    }
    guard alpha.isFinite, alpha >= 0, alpha <= 1 else {
      throw .outOfRange(.alpha, value: "\(alpha)", allowed: "between 0 and 1")
    }
  }

  /// Loss, gradient with respect to the student's logits, and correct count for a batch.
  ///
  /// `student` is `[n, k]` logits; `teacher` holds `n·k` logits; `labels` holds `n` class
  /// indices (0 or 1 when k = 1).
  public func evaluate(
    student: Tensor,
    teacher: ArraySlice<Float>,
    labels: ArraySlice<Float>
  ) -> LossFunction.Evaluation {
    let n = student.shape[0]
    let width = student.count / max(n, 1)
    let classes = width == 1 ? 2 : width
    let t = temperature
    let a = alpha
    var gradient = Tensor(shape: student.shape)
    var loss = 0.0
    var correct = 0
    var z = [Double](repeating: 0, count: classes)
    var v = [Double](repeating: 0, count: classes)
    for i in 0..<n {
      for j in 0..<width {
        z[j] = Double(student.scalars[i * width + j])
        v[j] = Double(teacher[teacher.startIndex + i * width + j])
      }
      if width == 1 {
        z[1] = 0
        v[1] = 0
      }
      let stored = Int(labels[labels.startIndex + i])
      // With the logits [z, 0], class 1 of a binary set is the first entry.
      let label = width == 1 ? (stored == 1 ? 0 : 1) : stored
      let logQ = Self.logSoftmax(z, scale: 1 / t)
      let logP = Self.logSoftmax(v, scale: 1 / t)
      let logHard = Self.logSoftmax(z, scale: 1)
      var kl = 0.0
      for j in 0..<classes {
        let p = exp(logP[j])
        kl += p * (logP[j] - logQ[j])
      }
      loss += a * t * t * kl - (1 - a) * logHard[label]
      var best = 0
      for j in 1..<classes where z[j] > z[best] { best = j }
      if best == label { correct += 1 }
      for j in 0..<width {
        let soft = a * t * (exp(logQ[j]) - exp(logP[j]))
        let hard = (1 - a) * (exp(logHard[j]) - (j == label ? 1 : 0))
        gradient.scalars[i * width + j] = Float((soft + hard) / Double(n))
      }
    }
    return LossFunction.Evaluation(
      loss: loss / Double(max(n, 1)),
      gradient: gradient,
      fused: true,
      correct: correct
    )
  }

  /// `log softmax(scale · x)`, computed stably.
  static func logSoftmax(_ x: [Double], scale: Double) -> [Double] {
    let scaled = x.map { $0 * scale }
    let top = scaled.max() ?? 0
    let sum = scaled.reduce(0) { $0 + exp($1 - top) }
    let logSum = top + log(sum)
    return scaled.map { $0 - logSum }
  }
}
