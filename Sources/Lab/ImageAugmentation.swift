import Engine
import Foundation

/// Image augmentation: shifted, rotated, flipped and noisy copies of the training images.
///
/// Images are channels-last (`height × width × channels`) with values in 0…1. Augmentation
/// changes the data a model sees, never the model: the parameter count and the stored size
/// stay the same while training time grows with the extra examples. The copies are made
/// once, before training (offline augmentation), so a run with one copy per image trains
/// on twice the examples per epoch; Keras' `ImageDataGenerator` instead draws new copies
/// every epoch with the same number of steps.
public enum ImageAugmentation {
  /// One kind of change.
  public enum Operation: String, Sendable, CaseIterable, Equatable {
    /// Moves the image by whole pixels, filling the uncovered edge with 0.
    case shift
    /// Turns the image about its centre with bilinear sampling, filling outside with 0.
    case rotate
    /// Mirrors the image left to right.
    case flip
    /// Adds Gaussian noise and clips to 0…1.
    case noise
  }

  /// How strong each change is.
  public struct Settings: Sendable, Equatable {
    /// The largest shift in pixels, each axis drawn from `-maxShift…maxShift`.
    public var maxShift: Int
    /// The largest rotation in degrees, drawn uniformly from `-maxDegrees…maxDegrees`.
    public var maxDegrees: Double
    /// The standard deviation of the noise, in pixel units (0…1 images).
    public var noiseSigma: Double
    /// The chance that a copy is flipped when `flip` is asked for.
    public var flipProbability: Double

    /// Creates settings; the defaults suit 28×28 images.
    public init(
      maxShift: Int = 2,
      maxDegrees: Double = 15,
      noiseSigma: Double = 0.05,
      flipProbability: Double = 0.5
    ) {
      self.maxShift = maxShift
      self.maxDegrees = maxDegrees
      self.noiseSigma = noiseSigma
      self.flipProbability = flipProbability
    }

    /// One pixel of shift for small images (16 px or less on a side), two for larger ones.
    public static func suited(height: Int, width: Int) -> Settings {
      Settings(maxShift: max(height, width) <= 16 ? 1 : 2)
    }
  }

  /// Reads a comma-separated list such as `shift,rotate,noise`.
  public static func operations(_ text: String) throws(EngineError) -> [Operation] {
    var result: [Operation] = []
    for word in text.split(separator: ",") {
      let name = word.trimmingCharacters(in: .whitespaces).lowercased()
      guard let operation = Operation(rawValue: name) else {
        throw .invalidArgument(
          "unknown augmentation '\(name)'; choose from "
            + Operation.allCases.map(\.rawValue).joined(separator: ", ")
        )
      }
      if !result.contains(operation) { result.append(operation) }
    }
    guard !result.isEmpty else {
      throw .invalidArgument("give at least one augmentation, such as shift,rotate")
    }
    return result
  }

  /// The image moved `dx` pixels right and `dy` pixels down; uncovered pixels become 0.
  public static func shifted(
    _ image: [Float],
    height: Int,
    width: Int,
    channels: Int = 1,
    dx: Int,
    dy: Int
  ) -> [Float] {
    var out = [Float](repeating: 0, count: image.count)
    for y in 0..<height {
      let sourceY = y - dy
      guard sourceY >= 0, sourceY < height else { continue }
      for x in 0..<width {
        let sourceX = x - dx
        guard sourceX >= 0, sourceX < width else { continue }
        for c in 0..<channels {
          out[(y * width + x) * channels + c] = image[(sourceY * width + sourceX) * channels + c]
        }
      }
    }
    return out
  }

  /// The image mirrored left to right.
  public static func flippedHorizontally(
    _ image: [Float],
    height: Int,
    width: Int,
    channels: Int = 1
  ) -> [Float] {
    var out = image
    for y in 0..<height {
      for x in 0..<width {
        for c in 0..<channels {
          out[(y * width + x) * channels + c] = image[(y * width + (width - 1 - x)) * channels + c]
        }
      }
    }
    return out
  }

  /// The image turned `degrees` counter-clockwise about its centre, sampled bilinearly.
  ///
  /// Each output pixel looks up the point it came from (the inverse rotation) and blends the
  /// four pixels around it; points outside the image read 0. A turn of 0° returns the image
  /// unchanged.
  public static func rotated(
    _ image: [Float],
    height: Int,
    width: Int,
    channels: Int = 1,
    degrees: Double
  ) -> [Float] {
    if degrees == 0 { return image }
    let radians = degrees * Double.pi / 180
    let cosine = cos(radians)
    let sine = sin(radians)
    let centreX = Double(width - 1) / 2
    let centreY = Double(height - 1) / 2
    var out = [Float](repeating: 0, count: image.count)
    func pixel(_ y: Int, _ x: Int, _ c: Int) -> Double {
      guard y >= 0, y < height, x >= 0, x < width else { return 0 }
      return Double(image[(y * width + x) * channels + c])
    }
    for y in 0..<height {
      for x in 0..<width {
        // Image rows grow downwards, so a counter-clockwise turn on screen uses -sine here.
        let u = Double(x) - centreX
        let v = Double(y) - centreY
        let sourceX = cosine * u - sine * v + centreX
        let sourceY = sine * u + cosine * v + centreY
        let x0 = Int(sourceX.rounded(.down))
        let y0 = Int(sourceY.rounded(.down))
        let fx = sourceX - Double(x0)
        let fy = sourceY - Double(y0)
        for c in 0..<channels {
          let top = pixel(y0, x0, c) * (1 - fx) + pixel(y0, x0 + 1, c) * fx
          let bottom = pixel(y0 + 1, x0, c) * (1 - fx) + pixel(y0 + 1, x0 + 1, c) * fx
          out[(y * width + x) * channels + c] = Float(top * (1 - fy) + bottom * fy)
        }
      }
    }
    return out
  }

  /// The image plus Gaussian noise of standard deviation `sigma`, clipped to 0…1.
  public static func withNoise(
    _ image: [Float],
    sigma: Double,
    generator: inout SeededGenerator
  ) -> [Float] {
    image.map { min(1, max(0, $0 + Float(sigma * generator.nextNormal()))) }
  }

  /// One augmented copy: every operation in `operations`, each with freshly drawn strength.
  public static func augmented(
    _ image: [Float],
    height: Int,
    width: Int,
    channels: Int,
    operations: [Operation],
    settings: Settings,
    generator: inout SeededGenerator
  ) -> [Float] {
    var out = image
    for operation in operations {
      switch operation {
      case .shift:
        let span = 2 * settings.maxShift + 1
        let dx = generator.nextInt(below: span) - settings.maxShift
        let dy = generator.nextInt(below: span) - settings.maxShift
        out = shifted(out, height: height, width: width, channels: channels, dx: dx, dy: dy)
      case .rotate:
        let degrees = (generator.nextUnit() * 2 - 1) * settings.maxDegrees
        out = rotated(out, height: height, width: width, channels: channels, degrees: degrees)
      case .flip:
        if generator.nextUnit() < settings.flipProbability {
          out = flippedHorizontally(out, height: height, width: width, channels: channels)
        }
      case .noise:
        out = withNoise(out, sigma: settings.noiseSigma, generator: &generator)
      }
    }
    return out
  }

  /// The dataset with `copies` augmented copies of every training image appended to its
  /// training split (the held-out split is untouched), under a name that says so.
  public static func augmenting(
    _ dataset: Dataset,
    operations: [Operation],
    copies: Int = 1,
    settings: Settings? = nil,
    seed: UInt64
  ) throws(EngineError) -> Dataset {
    let shape = dataset.featureShape
    guard shape.count == 3 else {
      throw .invalidArgument(
        "'\(dataset.name)' is not an image dataset (its examples have shape "
          + "\(shape.map(String.init).joined(separator: "x"))); augment digits or mnist"
      )
    }
    guard (1...10).contains(copies) else {
      throw .outOfRange(.augmentedCopies, value: "\(copies)", allowed: "between 1 and 10")
    }
    let (height, width, channels) = (shape[0], shape[1], shape[2])
    let settings = settings ?? .suited(height: height, width: width)
    let perImage = height * width * channels
    let rows = dataset.train.count
    var generator = SeededGenerator(seed: seed ^ 0xA11C_E5ED)
    var features = dataset.train.features.scalars
    features.reserveCapacity(perImage * rows * (copies + 1))
    var targets = dataset.train.targets
    let source = dataset.train.features.scalars
    for _ in 0..<copies {
      for row in 0..<rows {
        let image = Array(source[(row * perImage)..<((row + 1) * perImage)])
        features.append(
          contentsOf: augmented(
            image,
            height: height,
            width: width,
            channels: channels,
            operations: operations,
            settings: settings,
            generator: &generator
          )
        )
      }
      targets.append(contentsOf: dataset.train.targets)
    }
    var result = dataset
    result.train = ExampleSet(
      features: Tensor(shape: [rows * (copies + 1)] + shape, scalars: features),
      targets: targets
    )
    result.name =
      dataset.name + "+aug(" + operations.map(\.rawValue).joined(separator: ",") + ")x\(copies)"
    return result
  }
}
