import Engine
import Foundation
import Lab
import Testing

/// Shifts, flips, rotations and noise on small images, and the augmented dataset.
@Suite struct ImageAugmentationTests {
  /// A 4×4 image whose pixels are 1…16 divided by 16, row by row.
  static let image: [Float] = (1...16).map { Float($0) / 16 }

  @Test func shiftByOneMovesEveryPixelOneColumnRight() {
    let out = ImageAugmentation.shifted(Self.image, height: 4, width: 4, dx: 1, dy: 0)
    for y in 0..<4 {
      #expect(out[y * 4] == 0)
      for x in 1..<4 { #expect(out[y * 4 + x] == Self.image[y * 4 + x - 1]) }
    }
  }

  @Test func shiftDownFillsTheTopRowWithZeros() {
    let out = ImageAugmentation.shifted(Self.image, height: 4, width: 4, dx: 0, dy: 1)
    #expect(out[0..<4].allSatisfy { $0 == 0 })
    #expect(Array(out[4..<8]) == Array(Self.image[0..<4]))
  }

  @Test func flipTwiceIsTheIdentity() {
    let once = ImageAugmentation.flippedHorizontally(Self.image, height: 4, width: 4)
    #expect(once != Self.image)
    #expect(Array(once[0..<4]) == Array(Self.image[0..<4].reversed()))
    #expect(ImageAugmentation.flippedHorizontally(once, height: 4, width: 4) == Self.image)
  }

  @Test func rotationByZeroIsTheIdentity() {
    #expect(ImageAugmentation.rotated(Self.image, height: 4, width: 4, degrees: 0) == Self.image)
  }

  @Test func rotationByNinetyDegreesTurnsTheImage() {
    let out = ImageAugmentation.rotated(Self.image, height: 4, width: 4, degrees: 90)
    // Counter-clockwise: the top row's right end comes to the top-left corner.
    #expect(abs(out[0] - Self.image[3]) < 1e-5)
    #expect(abs(out[15] - Self.image[12]) < 1e-5)
  }

  @Test func smallRotationKeepsTheCentreMass() {
    var dot = [Float](repeating: 0, count: 25)
    dot[12] = 1
    let out = ImageAugmentation.rotated(dot, height: 5, width: 5, degrees: 12)
    #expect(out[12] == 1)
  }

  @Test func noiseStaysBetweenZeroAndOne() {
    var generator = SeededGenerator(seed: 9)
    let out = ImageAugmentation.withNoise(Self.image, sigma: 0.5, generator: &generator)
    #expect(out.allSatisfy { $0 >= 0 && $0 <= 1 })
    #expect(out != Self.image)
  }

  @Test func operationsAreParsedAndChecked() throws {
    #expect(try ImageAugmentation.operations("shift, rotate,shift") == [.shift, .rotate])
    #expect(throws: EngineError.self) { try ImageAugmentation.operations("shear") }
    #expect(throws: EngineError.self) { try ImageAugmentation.operations("") }
  }

  @Test func augmentingAddsCopiesToTrainingOnly() throws {
    let dataset = try Dataset(
      name: "tiny",
      summary: "",
      featureShape: [4, 4, 1],
      classes: 2,
      classNames: ["a", "b"],
      features: (0..<20).flatMap { _ in Self.image },
      targets: (0..<20).map { Float($0 % 2) },
      testFraction: 0.25,
      seed: 1
    )
    let augmented = try ImageAugmentation.augmenting(
      dataset,
      operations: [.shift, .rotate, .flip, .noise],
      copies: 2,
      seed: 5
    )
    #expect(augmented.trainCount == 3 * dataset.trainCount)
    #expect(augmented.test == dataset.test)
    #expect(augmented.train.targets.count == augmented.trainCount)
    #expect(augmented.name != dataset.name)
    let again = try ImageAugmentation.augmenting(
      dataset,
      operations: [.shift, .rotate, .flip, .noise],
      copies: 2,
      seed: 5
    )
    #expect(again.train == augmented.train)
  }

  @Test func tabularDataCannotBeAugmented() throws {
    let dataset = try DatasetCatalog.blobs(rows: 20, seed: 1)
    #expect(throws: EngineError.self) {
      try ImageAugmentation.augmenting(dataset, operations: [.shift], seed: 1)
    }
  }
}
