#!/usr/bin/env python3
"""Peer timings for the random forest benchmark: scikit-learn on the digits split.

Reads the split from Tests/EngineTests/Fixtures/forest_reference.json (written by
Tools/reference/make_forest_reference.py) so it trains on exactly the rows the Swift
benchmark uses, then times:

- training `RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=2)`
  (median of --fits fits);
- one-sample `predict` latency: p50 and p90 over --repeats calls, cycling through the
  test rows, each a (1, 64) array;
- batched `predict` on all test rows: seconds per row;
- the size of the fitted forest as `joblib.dump(compress=0)` writes it (and compress=3).

Prints one JSON object. run_peers.py imports `measure()`. Usage (from the repository root,
reference venv):
  python Benchmarks/peers/forest_peer.py [--repeats 2000] [--fits 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "Tests/EngineTests/Fixtures/forest_reference.json"


def joblib_bytes(model, compress: int) -> int:
    import joblib

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "forest.joblib")
        joblib.dump(model, path, compress=compress)
        return os.path.getsize(path)


def measure(repeats: int = 2000, fits: int = 3) -> dict:
    """Trains and times the forest; returns the figures as a dict."""
    doc = json.loads(FIXTURE.read_text())
    X = np.asarray(doc["x"], dtype=np.float64).reshape(doc["n_samples"], doc["n_features"])
    y = np.asarray(doc["y"])
    train, test = np.asarray(doc["train"]), np.asarray(doc["test"])
    X_train, y_train, X_test, y_test = X[train], y[train], X[test], y[test]

    fit_times = []
    forest = None
    for _ in range(fits):
        forest = RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=2)
        start = time.perf_counter()
        forest.fit(X_train, y_train)
        fit_times.append(time.perf_counter() - start)

    rows = [X_test[i:i + 1] for i in range(len(X_test))]
    for row in rows[:50]:  # warm-up
        forest.predict(row)
    latencies = []
    for i in range(repeats):
        row = rows[i % len(rows)]
        start = time.perf_counter()
        forest.predict(row)
        latencies.append(time.perf_counter() - start)
    latencies.sort()

    batch_rounds = 20
    start = time.perf_counter()
    for _ in range(batch_rounds):
        forest.predict(X_test)
    batch = (time.perf_counter() - start) / (batch_rounds * len(X_test))

    return {
        "peer": "scikit-learn",
        "sklearn_version": sklearn.__version__,
        "model": "RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=2)",
        "dataset": "digits stratified 80/20 (forest_reference.json)",
        "train_rows": int(len(train)), "test_rows": int(len(test)),
        "accuracy": float(forest.score(X_test, y_test)),
        "node_count": int(sum(t.tree_.node_count for t in forest.estimators_)),
        "fit_seconds_median": statistics.median(fit_times),
        "predict_one_p50_seconds": latencies[len(latencies) // 2],
        "predict_one_p90_seconds": latencies[int(len(latencies) * 0.9)],
        "predict_batch_seconds_per_row": batch,
        "repeats": repeats,
        "fit_seconds_all": fit_times,
        "predict_one_p95_seconds": latencies[int(len(latencies) * 0.95)],
        "joblib_bytes": joblib_bytes(forest, 0),
        "joblib_compress3_bytes": joblib_bytes(forest, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=2000)
    parser.add_argument("--fits", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(measure(args.repeats, args.fits), indent=1))


if __name__ == "__main__":
    main()
