import Curriculum
import Engine

extension ExamDraw {
  /// Draws with the engine's `SeededGenerator` seeded by the draw's `seed`, the project's one
  /// seeded generator.
  func draw(from questions: [Question], count: Int) throws(ExamDrawError) -> [Question] {
    var generator = SeededGenerator(seed: seed)
    return try draw(from: questions, count: count, using: &generator)
  }
}
