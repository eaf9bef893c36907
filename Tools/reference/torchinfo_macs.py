#!/usr/bin/env python3
"""Reference mult-adds (MACs) from torchinfo for PyTorch twins of Goldilocks specs.

Writes Tests/EngineTests/Fixtures/torchinfo_macs.json.

torchinfo's convention (torchinfo 1.8.0, layer_info.py `calculate_macs`), per leaf
module, summed over leaf modules for `total_mult_adds`:
  * Conv layers (class name contains "Conv"):
        MACs = (weight + bias parameter count) * batch * prod(output spatial dims)
    i.e. every parameter, bias included, is used once per output position; the
    output channel count is NOT multiplied again (it is inside the weight count).
    For Conv2d(c_in, c_out, k): (k*k*c_in/groups*c_out + c_out) * N * H_out * W_out.
  * Every other module with `weight`/`bias` (Linear, BatchNorm, LayerNorm,
    Embedding): MACs = parameter count * batch (output_size[0]) only. So a Linear
    applied to a (N, seq, d) input is counted once per example, NOT once per
    sequence position (a known torchinfo limitation; the real cost is seq times
    more). BatchNorm's gamma/beta count as MACs (params * batch); its running
    statistics are buffers and do not.
  * RNN inner weights (weight_ih_l0 ...): parameter count * prod(output_size[:2]).
  * Parameter-free modules (ReLU, MaxPool2d, Flatten, Softmax, Dropout): 0.
Counts are for the whole batch; every case below uses batch 1 unless it says
otherwise. Tensors are channels-first (N, C, H, W) as PyTorch expects.

Run from the repository root: python Tools/reference/torchinfo_macs.py
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import torch
from torch import nn
from torchinfo import summary

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/EngineTests/Fixtures/torchinfo_macs.json"


def seed_mlp():
    return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10), nn.Softmax(dim=1))


def seed_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1600, 64), nn.ReLU(), nn.Linear(64, 10), nn.Softmax(dim=1))


def teacher():
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10))


CASES = [
    ("seed-mlp", "input(784) dense(128,relu) dense(10,softmax)", seed_mlp, (1, 784)),
    ("seed-mlp batch 32", "input(784) dense(128,relu) dense(10,softmax)", seed_mlp, (32, 784)),
    ("seed-cnn", "input(28,28,1) conv2d(32,3,relu) maxpool2d(2) conv2d(64,3,relu) maxpool2d(2) flatten "
                 "dense(64,relu) dense(10,softmax)", seed_cnn, (1, 1, 28, 28)),
    ("teacher", "input(784) dense(512,relu) dense(256,relu) dense(10)", teacher, (1, 784)),
    ("conv2d bias=false", "input(32,32,3) conv2d(16,3,bias=false)",
     lambda: nn.Sequential(nn.Conv2d(3, 16, 3, bias=False)), (1, 3, 32, 32)),
    ("conv2d with bias", "input(32,32,3) conv2d(16,3)",
     lambda: nn.Sequential(nn.Conv2d(3, 16, 3)), (1, 3, 32, 32)),
    ("conv2d stride 2 same", "input(32,32,3) conv2d(16,3,stride=2,padding=same)",
     lambda: nn.Sequential(nn.Conv2d(3, 16, 3, stride=2, padding=1)), (1, 3, 32, 32)),
    ("depthwise conv", "input(32,32,8) depthwiseconv2d(3)",
     lambda: nn.Sequential(nn.Conv2d(8, 8, 3, groups=8)), (1, 8, 32, 32)),
    ("depthwise conv bias=false same", "input(32,32,8) depthwiseconv2d(3,padding=same,bias=false)",
     lambda: nn.Sequential(nn.Conv2d(8, 8, 3, padding=1, groups=8, bias=False)), (1, 8, 32, 32)),
    ("depthwise conv multiplier 2 stride 2",
     "input(32,32,8) depthwiseconv2d(3,multiplier=2,stride=2,padding=same)",
     lambda: nn.Sequential(nn.Conv2d(8, 16, 3, stride=2, padding=1, groups=8)), (1, 8, 32, 32)),
    ("conv bias=false + batchnorm + relu",
     "input(28,28,1) conv2d(8,3,bias=false) batchnorm relu",
     lambda: nn.Sequential(nn.Conv2d(1, 8, 3, bias=False), nn.BatchNorm2d(8), nn.ReLU()), (1, 1, 28, 28)),
    ("dense on a sequence (torchinfo counts once per example)", "input(50,8) dense(16)",
     lambda: nn.Sequential(nn.Linear(8, 16)), (1, 50, 8)),
]


def main() -> None:
    torch.manual_seed(0)
    out = []
    for name, spec, make, shape in CASES:
        model = make().eval()
        s = summary(model, input_size=shape, verbose=0, col_names=("output_size", "num_params", "mult_adds"))
        layers = []
        for info in s.summary_list:
            if not info.is_leaf_layer:
                continue
            layers.append({"module": info.class_name, "output_size": list(info.output_size),
                           "params": info.num_params, "mult_adds": info.macs})
        assert sum(layer["mult_adds"] for layer in layers) == s.total_mult_adds
        out.append({"name": name, "spec": spec, "torch_model": repr(model).replace("\n", " "),
                    "input_size": list(shape), "total_mult_adds": s.total_mult_adds,
                    "total_params": s.total_params, "total_output_bytes": s.total_output_bytes,
                    "total_param_bytes": s.total_param_bytes, "layers": layers})
        print(f"{s.total_mult_adds:>12,}  {name}")
    doc = {
        "generator": "Tools/reference/torchinfo_macs.py",
        "torch_version": torch.__version__,
        "torchinfo_version": version("torchinfo"),
        "convention": (
            "torchinfo 1.8.0 calculate_macs: Conv* modules: (weight+bias params) * batch * prod(output "
            "spatial dims); other modules with weight/bias (Linear, BatchNorm, LayerNorm, Embedding): "
            "params * batch only (a Linear on (N, seq, d) is NOT multiplied by seq); RNN inner weights: "
            "params * prod(output_size[:2]); parameter-free modules: 0. total_mult_adds = sum over leaf "
            "modules, for the whole batch. Bias is included. FLOPs would be 2 * MACs. "
            "total_output_bytes = 2 * sum of output bytes of leaf layers that have parameters (x2 for "
            "gradients), as torchinfo computes it."),
        "cases": out,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {OUT} ({len(out)} cases)")


if __name__ == "__main__":
    main()
