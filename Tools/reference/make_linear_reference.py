#!/usr/bin/env python3
"""Reference linear models from scikit-learn, plus the data the f_classif test needs.

Writes Tests/EngineTests/Fixtures/linear_reference.json.

- `diabetes`: `load_diabetes()` (442 x 10, already scaled floats) with the
  coefficients and intercept of `LinearRegression()`, `Ridge(alpha=1.0)` and
  `Lasso(alpha=0.1, tol=1e-10, max_iter=100000)` (scikit-learn's lasso objective is
  (1/(2n))||y - Xw||^2 + alpha ||w||_1), and the count of exact zeros.
- `iris` and `breast_cancer`: the float64 data and labels exactly as loaded, row-major,
  so the Swift ANOVA F test can reproduce `sklearn_f_classif.json` without a
  dataset reader (digits comes from forest_reference.json).

Run from the repository root: python Tools/reference/make_linear_reference.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.linear_model import Lasso, LinearRegression, Ridge

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/EngineTests/Fixtures/linear_reference.json"


def fit(model, X, y) -> dict:
    model.fit(X, y)
    coef = [float(c) for c in model.coef_]
    return {"coef": coef, "intercept": float(model.intercept_),
            "zeros": int(sum(1 for c in coef if c == 0.0))}


def main() -> None:
    d = load_diabetes()
    X, y = np.asarray(d.data, dtype=np.float64), np.asarray(d.target, dtype=np.float64)
    diabetes = {
        "n_samples": int(X.shape[0]), "n_features": int(X.shape[1]),
        "x": [float(v) for v in X.ravel()], "y": [float(v) for v in y],
        "ols": fit(LinearRegression(), X, y),
        "ridge_alpha_1": fit(Ridge(alpha=1.0), X, y),
        "lasso_alpha_0_1": fit(Lasso(alpha=0.1, tol=1e-10, max_iter=100000), X, y),
        "lasso_alpha_1": fit(Lasso(alpha=1.0, tol=1e-10, max_iter=100000), X, y),
    }
    tables = {}
    for name, loader in (("iris", load_iris), ("breast_cancer", load_breast_cancer)):
        data = loader()
        Xc = np.asarray(data.data, dtype=np.float64)
        tables[name] = {"n_samples": int(Xc.shape[0]), "n_features": int(Xc.shape[1]),
                        "x": [float(v) for v in Xc.ravel()],
                        "y": [int(v) for v in data.target]}
    doc = {
        "generator": "Tools/reference/make_linear_reference.py",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "diabetes": diabetes,
        "classification_data": tables,
    }
    OUT.write_text(json.dumps(doc, separators=(",", ":")) + "\n")
    print("lasso 0.1 zeros:", diabetes["lasso_alpha_0_1"]["zeros"],
          "lasso 1 zeros:", diabetes["lasso_alpha_1"]["zeros"])
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
