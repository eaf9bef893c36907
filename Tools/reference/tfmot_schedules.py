#!/usr/bin/env python3
"""Reference pruning schedules from TensorFlow Model Optimization.

Writes Tests/EngineTests/Fixtures/tfmot_schedules.json.

For each parameter set of `tfmot.sparsity.keras.PolynomialDecay` and
`ConstantSparsity`, calls the schedule on a list of steps (as an int64 tensor, the
dtype of the pruning wrapper's step variable) and records, in the shape of
`goldilocks calc schedule --json` (cli.md):

    {"step": N, "sparsity": S, "prune": Bool}

`prune` is the schedule's first return value (masks are updated at that step),
`sparsity` its second, a float32 tensor, written as that float32 converted exactly
to a double (so a Swift port computing in Float can compare with ==).

How tfmot computes PolynomialDecay (pruning_schedule.py, tfmot 0.8.1), in float32:
    d = Float(initial - final)        # the difference is taken in Python (double)
    p = min(1, max(0, Float(step - begin) / Float(end - begin)))
    sparsity = d * powf(1 - p, Float(power)) + Float(final)
(every operation a Float operation). Checked: with glibc's `powf` (Swift's
`Foundation.pow(Float, Float)` on Linux) this reproduces all 207 polynomial points
bit for bit; `Float(pow(Double, Double))` misses 1 point and repeated
multiplication misses 9, each by 1-2 float32 ulps.
and for both schedules
    prune = step >= begin && (step <= end || end < 0) && floormod(step - begin, frequency) == 0

Run from the repository root: python Tools/reference/tfmot_schedules.py
"""

from __future__ import annotations

import json
import os
from importlib.metadata import version
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tensorflow_model_optimization as tfmot  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/EngineTests/Fixtures/tfmot_schedules.json"

POLYNOMIAL = [
    dict(initial=0.5, final=0.8, begin=0, end=1000, power=3, frequency=100),  # tutorial / anchors §5.2
    dict(initial=0.0, final=0.9, begin=200, end=2200, power=3, frequency=50),
    dict(initial=0.2, final=0.6, begin=100, end=600, power=1, frequency=100),
    dict(initial=0.1, final=0.95, begin=0, end=333, power=2, frequency=7),
    dict(initial=0.3, final=0.3, begin=0, end=100, power=3, frequency=10),
    dict(initial=0.8, final=0.2, begin=0, end=500, power=3, frequency=100),
    dict(initial=0.5, final=0.9, begin=10, end=20, power=5, frequency=1),
    dict(initial=0.25, final=0.75, begin=0, end=10000, power=3, frequency=100),
    dict(initial=0.0, final=0.99, begin=37, end=1037, power=4, frequency=13),
]

CONSTANT = [
    dict(target=0.5, begin=0, end=-1, frequency=100),  # prune_low_magnitude default
    dict(target=0.75, begin=100, end=1000, frequency=100),
    dict(target=0.9, begin=50, end=350, frequency=75),  # end not on a pruning step
    dict(target=0.3, begin=0, end=0, frequency=1),
    dict(target=0.6, begin=1000, end=-1, frequency=250),
    dict(target=0.0, begin=0, end=100, frequency=10),
    dict(target=0.8, begin=3, end=1003, frequency=100),
    dict(target=0.1, begin=7, end=-1, frequency=1),
]


def steps_for(begin: int, end: int, freq: int) -> list[int]:
    s = {0, 1, 2, 50, 99, 100, 101, begin - freq, begin - 1, begin, begin + 1, begin + freq - 1,
         begin + freq, begin + freq + 1, begin + 2 * freq, begin + 3 * freq + 1}
    if end >= 0:
        span = end - begin
        s |= {begin + span // 4, begin + span // 3, begin + span // 2, begin + (3 * span) // 4,
              end - freq, end - 1, end, end + 1, end + freq, end + 2 * freq, 2 * end + 17, 10 * end + 5}
    else:
        s |= {1000, 12345, 100000, 1000000, begin + 1000 * freq, begin + 1000 * freq + 1}
    return sorted(x for x in s if x >= 0)


def evaluate(schedule, steps: list[int]) -> list[dict]:
    points = []
    for step in steps:
        prune, sparsity = schedule(tf.constant(step, dtype=tf.int64))
        sp = sparsity.numpy()
        assert sp.dtype == np.float32, sp.dtype
        points.append({"step": step, "sparsity": float(sp), "prune": bool(prune.numpy())})
    return points


def main() -> None:
    sched = tfmot.sparsity.keras
    out = []
    for p in POLYNOMIAL:
        schedule = sched.PolynomialDecay(initial_sparsity=p["initial"], final_sparsity=p["final"],
                                         begin_step=p["begin"], end_step=p["end"], power=p["power"],
                                         frequency=p["frequency"])
        args = (f"--initial {p['initial']} --final {p['final']} --begin {p['begin']} --end {p['end']} "
                f"--power {p['power']} --frequency {p['frequency']}")
        out.append({"schedule": "polynomial", "params": p, "cli_args": args,
                    "points": evaluate(schedule, steps_for(p["begin"], p["end"], p["frequency"]))})
    for p in CONSTANT:
        schedule = sched.ConstantSparsity(target_sparsity=p["target"], begin_step=p["begin"],
                                          end_step=p["end"], frequency=p["frequency"])
        args = f"--target {p['target']} --begin {p['begin']} --end {p['end']} --frequency {p['frequency']}"
        out.append({"schedule": "constant", "params": p, "cli_args": args,
                    "points": evaluate(schedule, steps_for(p["begin"], p["end"], p["frequency"]))})
    doc = {
        "generator": "Tools/reference/tfmot_schedules.py",
        "tfmot_version": version("tensorflow-model-optimization"),
        "tensorflow_version": tf.__version__,
        "notes": "sparsity is the schedule's float32 output converted exactly to double; prune is its "
                 "bool output (mask update at that step). Steps were passed as int64 tensors. "
                 "Polynomial: d = Float(initial - final) (difference in double), p = min(1, max(0, "
                 "Float(step - begin) / Float(end - begin))), sparsity = d * powf(1 - p, Float(power)) "
                 "+ Float(final), all in Float with glibc powf: bit-exact on every point here. "
                 "prune = step >= begin && (step <= end || end < 0) && (step - begin) mod frequency == 0.",
        "schedules": out,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {OUT} ({len(out)} schedules, {sum(len(s['points']) for s in out)} points)")


if __name__ == "__main__":
    main()
