"""Reference cases for ClassificationMetrics (Tests/EngineTests/Fixtures/classification_metrics.json).

Run: /work/venv-measure/bin/python Tools/reference/classification_metrics.py
Needs numpy, scikit-learn and scipy. Every case is seeded, so the file is reproducible.

Each case: labels, predictions (classes) and for binary cases scores; the expected
confusion matrix, per-class precision/recall/F1/support (zero_division=0), macro figures,
accuracy, and for binary cases average_precision_score and the positive class's
precision/recall/F1 at the stated threshold. Also t.ppf(0.975, df) for the interval tests.
"""

import json
import pathlib

import numpy as np
import scipy.stats
import sklearn
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    confusion_matrix,
    precision_recall_fscore_support,
)


def multiclass_case(name, seed, n, classes, skill):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, classes, size=n)
    noise = rng.integers(0, classes, size=n)
    keep = rng.random(n) < skill
    predictions = np.where(keep, labels, noise)
    return describe(name, labels, predictions, classes)


def describe(name, labels, predictions, classes):
    k = list(range(classes))
    p, r, f, s = precision_recall_fscore_support(
        labels, predictions, labels=k, average=None, zero_division=0
    )
    mp, mr, mf, _ = precision_recall_fscore_support(
        labels, predictions, labels=k, average="macro", zero_division=0
    )
    return {
        "name": name,
        "classes": classes,
        "labels": labels.tolist(),
        "predictions": predictions.tolist(),
        "confusion": confusion_matrix(labels, predictions, labels=k).tolist(),
        "precision": p.tolist(),
        "recall": r.tolist(),
        "f1": f.tolist(),
        "support": s.tolist(),
        "macro_precision": float(mp),
        "macro_recall": float(mr),
        "macro_f1": float(mf),
        "accuracy": float(accuracy_score(labels, predictions)),
    }


def binary_case(name, seed, n, positive_rate, threshold, decimals=None):
    rng = np.random.default_rng(seed)
    labels = (rng.random(n) < positive_rate).astype(int)
    labels[rng.integers(0, n)] = 1  # at least one positive
    scores = np.clip(0.3 * labels + rng.normal(0.35, 0.2, size=n), 0, 1)
    if decimals is not None:
        scores = np.round(scores, decimals)  # many tied scores
    predictions = (scores >= threshold).astype(int)
    case = describe(name, labels, predictions, 2)
    case["scores"] = scores.tolist()
    case["threshold"] = threshold
    case["average_precision"] = float(average_precision_score(labels, scores))
    return case


def main():
    cases = [
        multiclass_case("multiclass-10-mnist-like", 1, 1000, 10, 0.9),
        multiclass_case("multiclass-3-weak", 2, 300, 3, 0.3),
        multiclass_case("multiclass-5-tiny-some-class-never-predicted", 3, 12, 5, 0.5),
        binary_case("binary-balanced", 4, 500, 0.5, 0.5),
        binary_case("binary-imbalanced-1pct", 5, 5000, 0.01, 0.5),
        binary_case("binary-imbalanced-1pct-ties", 6, 3000, 0.01, 0.5, decimals=1),
        binary_case("binary-ties-threshold-0.3", 7, 400, 0.2, 0.3, decimals=2),
        binary_case("binary-single-positive", 8, 200, 0.0, 0.5),
    ]
    t = [{"df": df, "t": float(scipy.stats.t.ppf(0.975, df))}
         for df in list(range(1, 31)) + [31, 35, 40, 50, 60, 100, 120, 199, 1000]]
    out = {
        "generator": "Tools/reference/classification_metrics.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "cases": cases,
        "student_t_975": t,
    }
    path = pathlib.Path(__file__).resolve().parents[2] / "Tests/EngineTests/Fixtures/classification_metrics.json"
    path.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
