#!/usr/bin/env python3
"""Reference ANOVA F-scores from scikit-learn's f_classif and SelectKBest.

Writes Tests/EngineTests/Fixtures/sklearn_f_classif.json.

Data sets are the ones scikit-learn ships (no download): iris, digits and breast
cancer via `sklearn.datasets.load_*`, the full data (no split), features as
float64 exactly as loaded. For each: `f_classif(X, y)` F-scores and p-values
(NaN, for constant features such as digits' always-zero pixels, is written as
null), and `SelectKBest(f_classif, k=k).fit(X, y).get_support(indices=True)` for
a few k. SelectKBest ranks NaN scores as the lowest (scikit-learn's _clean_nans
replaces NaN by the most negative float64 before ranking) and keeps the last k of
a stable ascending argsort (mergesort), so among equal scores the higher feature
index wins.

Run from the repository root: python Tools/reference/sklearn_f_classif.py
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_digits, load_iris
from sklearn.feature_selection import SelectKBest, f_classif

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/EngineTests/Fixtures/sklearn_f_classif.json"

DATASETS = [
    ("iris", load_iris, [1, 2, 3, 4]),
    ("digits", load_digits, [1, 5, 10, 20, 32, 64]),
    ("breast_cancer", load_breast_cancer, [1, 5, 10, 20, 30]),
]


def clean(values) -> list:
    return [None if math.isnan(v) else float(v) for v in np.asarray(values, dtype=np.float64)]


def main() -> None:
    out = []
    for name, loader, ks in DATASETS:
        data = loader()
        X = np.asarray(data.data, dtype=np.float64)
        y = np.asarray(data.target)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # constant features -> RuntimeWarning / UserWarning
            f, p = f_classif(X, y)
            selected = {str(k): [int(i) for i in SelectKBest(f_classif, k=k).fit(X, y).get_support(indices=True)]
                        for k in ks}
        out.append({
            "dataset": name,
            "loader": f"sklearn.datasets.{loader.__name__}()",
            "n_samples": int(X.shape[0]), "n_features": int(X.shape[1]),
            "n_classes": int(len(np.unique(y))),
            "feature_names": [str(n) for n in getattr(data, "feature_names", [])],
            "f_scores": clean(f), "p_values": clean(p),
            "select_k_best": selected,
        })
        print(f"{name}: {X.shape}, NaN scores: {int(np.isnan(f).sum())}")
    doc = {
        "generator": "Tools/reference/sklearn_f_classif.py",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "notes": "f_classif on the full data as loaded (float64). null = NaN (constant feature: 0/0). "
                 "select_k_best[k] = SelectKBest(f_classif, k).get_support(indices=True), ascending indices.",
        "datasets": out,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
