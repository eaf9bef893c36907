#!/usr/bin/env python3
"""Reference safetensors bytes written by the Python `safetensors` library.

Writes Tests/EngineTests/Fixtures/reference.safetensors (3 tensors) and
Tests/EngineTests/Fixtures/safetensors_notes.json describing it: the header JSON
exactly as the library writes it (including its space padding), the header
length N (the little-endian u64 at the start of the file), the total file size,
each tensor's dtype/shape/data_offsets, and the data bytes in hex. A second
variant with `__metadata__` is described (not saved as a file) for comparison.

Layout: 8-byte LE N, then N bytes of UTF-8 JSON padded with spaces to a multiple
of 8, then the data buffer; tensors ordered by descending dtype alignment, then
name; offsets relative to the buffer start.

Run from the repository root: python Tools/reference/safetensors_notes.py
"""

from __future__ import annotations

import json
import struct
from importlib.metadata import version
from pathlib import Path

import numpy as np
from safetensors.numpy import load, save

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "Tests/EngineTests/Fixtures"
OUT_FILE = FIX / "reference.safetensors"
OUT_JSON = FIX / "safetensors_notes.json"

TENSORS = {
    "a": np.array([[1.0, -2.5, 3.25], [0.0, 0.5, -1024.0]], dtype=np.float32),
    "b": np.array([1.0, -0.5, 2.0, 65504.0], dtype=np.float16),
    "c": np.array([-128, -1, 0, 1, 127], dtype=np.int8),
}
# Names whose alphabetical order differs from the alignment order, to show the sort.
ORDERING = {
    "a_int8": np.array([1, 2, 3], dtype=np.int8),
    "b_half": np.array([1.5, -1.5], dtype=np.float16),
    "c_float": np.array([0.25], dtype=np.float32),
    "d_float": np.array([7.0, 8.0], dtype=np.float32),
    "e_int64": np.array([-1], dtype=np.int64),
}
METADATA = {"format": "goldilocks", "spec": "input(3) dense(2)"}


def describe(blob: bytes) -> dict:
    n = struct.unpack("<Q", blob[:8])[0]
    header = blob[8:8 + n].decode("utf-8")
    parsed = json.loads(header)
    data = blob[8 + n:]
    tensors = {k: v for k, v in parsed.items() if k != "__metadata__"}
    order = sorted(tensors, key=lambda k: tensors[k]["data_offsets"][0])
    return {
        "header_json": header,
        "header_json_stripped": header.rstrip(" "),
        "header_length": n,
        "header_padding_spaces": len(header) - len(header.rstrip(" ")),
        "data_length": len(data),
        "file_size": len(blob),
        "tensor_order_in_buffer": order,
        "tensors": {k: {**tensors[k], "data_hex": data[tensors[k]["data_offsets"][0]:
                                                         tensors[k]["data_offsets"][1]].hex()}
                    for k in order},
        "metadata": parsed.get("__metadata__"),
        "first_8_bytes_hex": blob[:8].hex(),
    }


def main() -> None:
    blob = save(TENSORS)
    OUT_FILE.write_bytes(blob)
    back = load(OUT_FILE.read_bytes())
    for k, v in TENSORS.items():
        assert back[k].dtype == v.dtype and np.array_equal(back[k], v)
    doc = {
        "generator": "Tools/reference/safetensors_notes.py",
        "safetensors_version": version("safetensors"),
        "file": "reference.safetensors",
        "values": {k: v.tolist() for k, v in TENSORS.items()},
        "dtypes": {"a": "F32", "b": "F16", "c": "I8"},
        **describe(blob),
        "with_metadata": {"metadata_in": METADATA, **describe(save(TENSORS, metadata=METADATA))},
        "ordering_example": {"dtypes": {k: str(v.dtype) for k, v in ORDERING.items()},
                             "values": {k: v.tolist() for k, v in ORDERING.items()},
                             **describe(save(ORDERING))},
    }
    OUT_JSON.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {OUT_FILE} ({len(blob)} bytes) and {OUT_JSON}")
    print(doc["header_json"] + "|")


if __name__ == "__main__":
    main()
