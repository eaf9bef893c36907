import Engine

/// Small dataset transforms for what-ifs, sweeps and distillation.
extension Dataset {
  /// The dataset whose examples fit `inputShape`: itself, or its images flattened when the
  /// spec starts with a flat `input(h·w·c)` (so `input(784)` trains on 28×28×1 MNIST).
  public func fitted(to inputShape: [Int]) -> Dataset {
    guard inputShape.count == 1, featureShape.count > 1,
      inputShape[0] == featureShape.reduce(1, *)
    else { return self }
    var copy = self
    copy.featureShape = inputShape
    copy.train.features = train.features.reshaped(to: [train.count] + inputShape)
    copy.test.features = test.features.reshaped(to: [test.count] + inputShape)
    return copy
  }

  /// The dataset with only the `k` features of highest ANOVA F on the training split.
  ///
  /// The F test is scikit-learn's `f_classif` (`FeatureSelector`), run on the training
  /// split only so the held-out split stays unseen; the kept features keep their order.
  /// The name becomes `name[top k]`, so cached weights never mix the two.
  public func selectingFeatures(_ k: Int) throws(EngineError) -> (Dataset, [Int]) {
    guard task == .classification else {
      throw .invalidArgument(
        "features=\(k) ranks features by ANOVA F against the classes; '\(name)' is a regression set"
      )
    }
    let columns = featureShape.reduce(1, *)
    guard k >= 1, k <= columns else {
      throw .invalidArgument("features= must be between 1 and \(columns) for '\(name)', got \(k)")
    }
    let kept: [Int]
    do {
      let matrix = try FeatureMatrix(
        rows: train.count,
        columns: columns,
        values: train.features.scalars
      )
      kept = try FeatureSelector.selectKBest(
        matrix,
        labels: train.targets.map { Int($0) },
        k: k
      )
    } catch {
      throw .invalidArgument("cannot rank the features of '\(name)': \(error)")
    }
    func pick(_ set: ExampleSet) -> ExampleSet {
      var values = [Float]()
      values.reserveCapacity(set.count * k)
      for row in 0..<set.count {
        for column in kept { values.append(set.features.scalars[row * columns + column]) }
      }
      return ExampleSet(
        features: Tensor(shape: [set.count, k], scalars: values),
        targets: set.targets
      )
    }
    var copy = self
    copy.name = "\(name)[top \(k)]"
    copy.featureShape = [k]
    copy.train = pick(train)
    copy.test = pick(test)
    if featureMean.count == columns { copy.featureMean = kept.map { featureMean[$0] } }
    if featureStd.count == columns { copy.featureStd = kept.map { featureStd[$0] } }
    return (copy, kept)
  }

  /// The bundled dataset whose examples fit an input shape, for commands run without
  /// `--dataset`: mnist for 784 or 28×28×1, digits for 64 or 8×8×1, iris for 4 and
  /// breast-cancer for 30 features.
  public static func defaultName(forInput inputShape: [Int]) -> String? {
    switch inputShape {
    case [784], [28, 28, 1]: "mnist"
    case [64], [8, 8, 1]: "digits"
    case [4]: "iris"
    case [30]: "breast-cancer"
    default: nil
    }
  }
}
