import ArgumentParser
import Engine
import Lab

/// How `calc prune --schedule` ramps sparsity during fine-tuning (TF-MOT's schedules).
///
/// Without the option the model is pruned once (`ModelPruner.Schedule.oneShot`), which is
/// therefore not a value of the option.
enum PruneSchedule: String, CaseIterable, ExpressibleByArgument {
  case polynomial, constant

  /// The engine's schedule of the same name.
  var engineSchedule: ModelPruner.Schedule {
    switch self {
    case .polynomial: .polynomial
    case .constant: .constant
    }
  }
}
