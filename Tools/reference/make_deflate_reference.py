#!/usr/bin/env python3
"""Cross-checks Goldilocks' pure-Swift DEFLATE against Python's zlib (the C zlib library).

Writes Tests/EngineTests/Fixtures/deflate_reference.json. Inputs are not stored: each is
regenerated from a small spec by a SplitMix64 generator that the Swift tests implement
identically (see `fixture_input` below and `DeflateTests.swift`):

    floats: count float32 values, v = (z >> 40) / 2^23 - 1, then one more draw, and the
            value is zeroed when draw % 100 < zero_percent; little-endian bytes
    bytes:  count bytes, byte = z >> 56
    text:   lines "{i}: the quick brown fox jumps over the lazy dog {i % 7}\n"
    zeros:  count zero bytes

For each input the fixture records Python zlib's level-6 zlib stream (base64), its size,
the CRC-32 of the input and, when Swift's outputs are present in --swift-dir (written by
`GOLDILOCKS_DEFLATE_OUT=dir swift test --filter DeflateTests`), Swift's own zlib stream,
after checking that `zlib.decompress` accepts it and returns the input. `sizes` compares
zlib levels 6 and 9 with Swift on 400 KB (100,000 float32) buffers.

Run from the repository root:
    python Tools/reference/make_deflate_reference.py [--swift-dir /tmp/goldilocks-deflate]
"""

from __future__ import annotations

import argparse
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


def file_name(name: str) -> str:
    return name.replace(" ", "_").replace("%", "pct").replace(",", "")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--swift-dir", type=Path)
    args = parser.parse_args()
    cases, sizes, failures = [], [], 0
    for spec in CASES:
        data = fixture_input(spec)
        python = zlib.compress(data, 6)
        entry = dict(spec, crc32=zlib.crc32(data), python_zlib6=base64.b64encode(python).decode(),
                     python_zlib6_size=len(python))
        if args.swift_dir:
            swift = (args.swift_dir / (file_name(spec["name"]) + ".zlib")).read_bytes()
            ok = zlib.decompress(swift) == data
            failures += not ok
            print(f"{spec['name']:28} in {len(data):7}  python {len(python):7}  swift {len(swift):7}"
                  f"  zlib.decompress(swift) {'ok' if ok else 'MISMATCH'}")
            entry["swift_zlib6"] = base64.b64encode(swift).decode()
            entry["swift_zlib6_size"] = len(swift)
        cases.append(entry)
    for spec in SIZE_CASES:
        data = fixture_input(spec)
        entry = dict(spec, crc32=zlib.crc32(data), input_size=len(data),
                     python_zlib6_size=len(zlib.compress(data, 6)),
                     python_zlib9_size=len(zlib.compress(data, 9)),
                     python_zlib1_size=len(zlib.compress(data, 1)))
        if args.swift_dir:
            swift = (args.swift_dir / (file_name(spec["name"]) + ".zlib")).read_bytes()
            ok = zlib.decompress(swift) == data
            failures += not ok
            entry["swift_zlib6_size"] = len(swift)
            print(f"{spec['name']:28} in {len(data):7}  python6 {entry['python_zlib6_size']:7}"
                  f"  python9 {entry['python_zlib9_size']:7}  swift6 {len(swift):7}"
                  f"  zlib.decompress(swift) {'ok' if ok else 'MISMATCH'}")
        sizes.append(entry)
    out = {
        "generator": "Tools/reference/make_deflate_reference.py",
        "python_zlib_version": zlib.ZLIB_RUNTIME_VERSION,
        "python": sys.version.split()[0],
        "notes": "Inputs are regenerated from their specs (SplitMix64; see the script). "
                 "swift_zlib6 streams were accepted by Python's zlib.decompress.",
        "cases": cases,
        "sizes": sizes,
    }
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {OUT}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
