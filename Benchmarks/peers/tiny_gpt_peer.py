#!/usr/bin/env python3
"""The PyTorch peer of `goldilocks calc train tiny-gpt --dataset shakespeare --steps N`.

The same model (nanoGPT's shakespeare_char CPU configuration, 809,856 parameters) and the
same recipe (batch 12 of 64-character windows, AdamW 0.9/0.99 with weight decay 0.1 on
matrices, 100 warm-up steps then cosine decay from 1e-3 to 1e-4, clipping at 1.0), at
PyTorch's default thread count, validated on the same 240 evenly spaced windows of the
last 10 % of tiny Shakespeare. The training itself is Tools/reference/train_tiny_gpt_pytorch.py
(imported, so the benchmark and the reference cannot drift apart).

    python Benchmarks/peers/tiny_gpt_peer.py [--steps N]

Prints one JSON object: torch, threads, steps, batch, train_seconds (the loop only),
val_loss, perplexity, params and process_seconds (interpreter start to the end).
run_peers.py runs it as a child so that its whole-process wall time and peak RSS are
measured from outside, as the goldilocks command's are.
"""

import argparse
import json
import sys
import time
from pathlib import Path

START = time.perf_counter()
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tools/reference"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=2000)
    args = parser.parse_args()
    if args.steps < 1:
        parser.error(f"--steps must be at least 1, got {args.steps}")
    from train_tiny_gpt_pytorch import train  # imports torch

    result = train(args.steps)
    result["process_seconds"] = time.perf_counter() - START
    print(json.dumps(result))


if __name__ == "__main__":
    main()
