#!/usr/bin/env python3
"""Reference random forest and decision tree figures from scikit-learn on digits.

Writes Tests/EngineTests/Fixtures/forest_reference.json.

Data: `sklearn.datasets.load_digits()` (1,797 x 64, integer pixels 0..16, no
download). Split: `train_test_split(arange(n), test_size=0.2, stratify=y,
random_state=0)`; the fixture stores the data and both index lists, so the Swift
tests train on exactly the same rows without re-implementing numpy's shuffle.

Models: `RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=2)` and
`DecisionTreeClassifier(random_state=0)` with default (fully grown) settings, and
a forest with `max_depth=8` to show the depth cap. For each: test accuracy, total
node count (`sum(t.tree_.node_count)`) and the joblib file size in bytes
(`joblib.dump(model, path, compress=0)`), plus the gzip-compressed (compress=3)
size for the forest.

Run from the repository root with the reference venv:
  python Tools/reference/make_forest_reference.py
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import joblib
import numpy as np
import sklearn
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/EngineTests/Fixtures/forest_reference.json"


def joblib_bytes(model, compress=0) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.joblib")
        joblib.dump(model, path, compress=compress)
        return os.path.getsize(path)


def describe(model, X_test, y_test, trees) -> dict:
    return {
        "accuracy": float(model.score(X_test, y_test)),
        "node_count": int(sum(t.tree_.node_count for t in trees)),
        "leaf_count": int(sum(t.tree_.n_leaves for t in trees)),
        "max_depth": int(max(t.tree_.max_depth for t in trees)),
        "joblib_bytes": joblib_bytes(model),
    }


def main() -> None:
    data = load_digits()
    X = np.asarray(data.data, dtype=np.float64)
    y = np.asarray(data.target, dtype=np.int64)
    train, test = train_test_split(np.arange(len(y)), test_size=0.2, stratify=y, random_state=0)
    X_train, y_train, X_test, y_test = X[train], y[train], X[test], y[test]

    forest = RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=2)
    forest.fit(X_train, y_train)
    forest_doc = describe(forest, X_test, y_test, forest.estimators_)
    forest_doc["joblib_gzip3_bytes"] = joblib_bytes(forest, compress=3)
    forest_doc["params"] = "RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=2)"

    shallow = RandomForestClassifier(n_estimators=100, max_depth=8, random_state=0, n_jobs=2)
    shallow.fit(X_train, y_train)
    shallow_doc = describe(shallow, X_test, y_test, shallow.estimators_)
    shallow_doc["params"] = "RandomForestClassifier(n_estimators=100, max_depth=8, random_state=0, n_jobs=2)"

    tree = DecisionTreeClassifier(random_state=0).fit(X_train, y_train)
    tree_doc = describe(tree, X_test, y_test, [tree])
    tree_doc["params"] = "DecisionTreeClassifier(random_state=0)"

    doc = {
        "generator": "Tools/reference/make_forest_reference.py",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "joblib_version": joblib.__version__,
        "notes": "digits, stratified 80/20 split (random_state=0). x is row-major, 64 ints per row. "
                 "train/test are row indices into x. joblib_bytes: joblib.dump(compress=0) file size.",
        "n_samples": int(X.shape[0]), "n_features": int(X.shape[1]),
        "x": [int(v) for v in X.astype(np.int64).ravel()],
        "y": [int(v) for v in y],
        "train": [int(i) for i in train],
        "test": [int(i) for i in test],
        "forest": forest_doc,
        "forest_depth8": shallow_doc,
        "tree": tree_doc,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, separators=(",", ":")) + "\n")
    for name in ("forest", "forest_depth8", "tree"):
        d = doc[name]
        print(f"{name}: acc {d['accuracy']:.4f} nodes {d['node_count']} joblib {d['joblib_bytes']} B")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
