import Engine
import Foundation
import Lab

/// A measured model as cli.md fixes it, plus the classification figures as one new field
/// `classification` (absent for regression).
struct MeasuredReport: Encodable {
  var measured: MeasuredModel
  var classification: ClassificationMetrics?

  enum ExtraKeys: String, CodingKey { case classification }

  func encode(to encoder: any Encoder) throws {
    try measured.encode(to: encoder)
    var container = encoder.container(keyedBy: ExtraKeys.self)
    try container.encodeIfPresent(classification, forKey: .classification)
  }
}
