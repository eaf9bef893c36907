import Engine
import Foundation
import Lab
import Testing

@Suite struct ConfidenceIntervalTests {
  @Test func intervalOfFiveRunsUsesStudentTWithFourDegreesOfFreedom() throws {
    // mean 3, sample sd √2.5, t(0.975, 4) = 2.776445105
    let interval = try #require(ConfidenceInterval(samples: [1, 2, 3, 4, 5]))
    let half = 2.776445105 * (2.5 / 5).squareRoot()
    #expect(interval.mean == 3)
    #expect(abs(interval.low - (3 - half)) < 1e-9)
    #expect(abs(interval.high - (3 + half)) < 1e-9)
    #expect(interval.runs == 5)
    #expect(interval.excludesZero)
  }

  @Test func oneRunHasNoIntervalAndNoRunsNoValue() throws {
    let one = try #require(ConfidenceInterval(samples: [0.93]))
    #expect(!one.hasInterval)
    #expect(!one.excludesZero)
    #expect(one.low == 0.93 && one.high == 0.93)
    #expect(ConfidenceInterval(samples: []) == nil)
  }

  @Test func encodesAsMeanLowHighRuns() throws {
    let interval = ConfidenceInterval(mean: 0.5, low: 0.25, high: 0.75, runs: 3)
    let data = try JSONEncoder().encode(interval)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(Set(object.keys) == ["mean", "low", "high", "runs"])
    #expect(object["runs"] as? Int == 3)
  }

  @Test func repeatedMeasuredModelTurnsEveryFigureIntoAnInterval() throws {
    func model(_ accuracy: Double, _ p50: Double) -> MeasuredModel {
      MeasuredModel(
        params: 10,
        nonzeroParams: 10,
        sizeBytes: 100,
        accuracy: accuracy,
        latencyMs: .init(p50: p50, p95: p50 * 2, p99: p50 * 3),
        trainSeconds: 1
      )
    }
    let repeated = try #require(
      RepeatedMeasuredModel([model(0.9, 1), model(0.92, 1.2), model(0.91, 1.1)])
    )
    #expect(abs(repeated.accuracy.mean - 0.91) < 1e-12)
    #expect(repeated.accuracy.runs == 3)
    #expect(repeated.accuracy.low < 0.91 && repeated.accuracy.high > 0.91)
    #expect(repeated.params.low == 10 && repeated.params.high == 10)
    let data = try JSONEncoder().encode(repeated)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let latency = try #require(object["latency_ms"] as? [String: Any])
    let p50 = try #require(latency["p50"] as? [String: Any])
    #expect(Set(p50.keys) == ["mean", "low", "high", "runs"])
    #expect(object["nonzero_params"] is [String: Any])
  }
}

extension ConfidenceIntervalTests {
  @Test func clampingKeepsAnIntervalWithinWhatTheQuantityCanBe() throws {
    let recall = try #require(ConfidenceInterval(samples: [0, 0.05, 0.6]))
    #expect(recall.low < 0)
    let clamped = recall.clamped(to: 0...1)
    #expect(recall.high > 1)
    #expect(clamped.low == 0 && clamped.high == 1 && clamped.mean == recall.mean)
  }
}
