#!/usr/bin/env python3
"""Reference sizes for Goldilocks' DEFLATE, which links the system zlib: Python's zlib module
(the same C library) compresses the same inputs, and the Swift tests expect the same sizes.

Writes Tests/EngineTests/Fixtures/deflate_reference.json. Inputs are not stored: each is
regenerated from a small spec by a SplitMix64 generator that the Swift tests implement
identically (see `fixture_input` below and `DeflateTests.swift`):

    floats: count float32 values, v = (z >> 40) / 2^23 - 1, then one more draw, and the
            value is zeroed when draw % 100 < zero_percent; little-endian bytes
    bytes:  count bytes, byte = z >> 56
    text:   lines "{i}: the quick brown fox jumps over the lazy dog {i % 7}\n"
    zeros:  count zero bytes

For each input the fixture records the CRC-32 and Adler-32 of the input and the sizes of
`zlib.compress(data, level)` at levels 1, 6 and 9; for inputs whose level-6 stream is under
1 KB, the stream itself (base64), so the tests can also check the bytes.

Run from the repository root:
    python Tools/reference/make_deflate_reference.py
"""

from __future__ import annotations

import base64
import json
import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/EngineTests/Fixtures/deflate_reference.json"
MASK = (1 << 64) - 1

CASES = [
    {"name": "empty", "kind": "zeros", "count": 0, "seed": 0},
    {"name": "one byte", "kind": "bytes", "count": 1, "seed": 1},
    {"name": "text 300 lines", "kind": "text", "count": 300, "seed": 0},
    {"name": "random bytes 70000", "kind": "bytes", "count": 70000, "seed": 2},
    {"name": "zeros 100000", "kind": "zeros", "count": 100000, "seed": 0},
    {"name": "floats 4096", "kind": "floats", "count": 4096, "seed": 3, "zero_percent": 0},
    {"name": "floats 4096 50% zero", "kind": "floats", "count": 4096, "seed": 4, "zero_percent": 50},
    {"name": "floats 4096 90% zero", "kind": "floats", "count": 4096, "seed": 5, "zero_percent": 90},
]

SIZE_CASES = [
    {"name": "400 KB random floats", "kind": "floats", "count": 100000, "seed": 10, "zero_percent": 0},
    {"name": "400 KB floats, 50% zero", "kind": "floats", "count": 100000, "seed": 11, "zero_percent": 50},
    {"name": "400 KB floats, 90% zero", "kind": "floats", "count": 100000, "seed": 12, "zero_percent": 90},
]


class SplitMix:
    def __init__(self, seed: int):
        self.state = seed & MASK

    def next(self) -> int:
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def fixture_input(spec: dict) -> bytes:
    kind, count = spec["kind"], spec["count"]
    rng = SplitMix(spec["seed"])
    if kind == "zeros":
        return bytes(count)
    if kind == "bytes":
        return bytes(rng.next() >> 56 for _ in range(count))
    if kind == "text":
        return "".join(f"{i}: the quick brown fox jumps over the lazy dog {i % 7}\n"
                       for i in range(count)).encode()
    if kind == "floats":
        out = bytearray()
        for _ in range(count):
            value = (rng.next() >> 40) / float(1 << 23) - 1.0
            if rng.next() % 100 < spec["zero_percent"]:
                value = 0.0
            out += struct.pack("<f", value)
        return bytes(out)
    raise ValueError(kind)


def main() -> int:
    entries = []
    for spec in CASES + SIZE_CASES:
        data = fixture_input(spec)
        entry = dict(spec, input_size=len(data), crc32=zlib.crc32(data), adler32=zlib.adler32(data))
        for level in (1, 6, 9):
            entry[f"zlib{level}_size"] = len(zlib.compress(data, level))
        stream = zlib.compress(data, 6)
        if len(stream) < 1024:
            entry["zlib6"] = base64.b64encode(stream).decode()
        print(f"{spec['name']:28} in {len(data):7}  level 1 {entry['zlib1_size']:7}"
              f"  level 6 {entry['zlib6_size']:7}  level 9 {entry['zlib9_size']:7}")
        entries.append(entry)
    out = {
        "generator": "Tools/reference/make_deflate_reference.py",
        "zlib_version": zlib.ZLIB_RUNTIME_VERSION,
        "python": sys.version.split()[0],
        "notes": "Inputs are regenerated from their specs (SplitMix64; see the script).",
        "cases": entries,
    }
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
