"""Reference values for conv1d, gelu and silu from PyTorch (Keras is not installed here).

Keras' `gelu` (approximate=False) is x·Φ(x) with the exact erf, as is torch's default
`F.gelu`; `silu` is x·sigmoid(x) in both. Keras' Conv1D kernel is [k, in, out]; torch's
weight is [out, in, k], so the script transposes. Run with /work/venv-fm/bin/python and
copy the printed values into Tests/EngineTests/Compute/LayerPathTests.swift.
"""
import math

import torch
import torch.nn.functional as F

xs = [-3.0, -1.5, -0.5, 0.0, 0.25, 1.0, 2.5]
t = torch.tensor(xs, dtype=torch.float32)
print("gelu", [float(v) for v in F.gelu(t)])
print("silu", [float(v) for v in F.silu(t)])

# conv1d: steps 5, channels 2, filters 3, kernel 3; weights and inputs from sin/cos.
steps, cin, filters, k = 5, 2, 3, 3
x = torch.tensor([[math.sin(0.7 * i + 0.3) for i in range(steps * cin)]], dtype=torch.float32)
x = x.reshape(1, steps, cin)  # Keras layout (batch, steps, channels)
kernel = torch.tensor([math.cos(0.37 * i) for i in range(k * cin * filters)], dtype=torch.float32)
kernel = kernel.reshape(k, cin, filters)  # Keras layout
bias = torch.tensor([0.1, -0.2, 0.3], dtype=torch.float32)
weight = kernel.permute(2, 1, 0).contiguous()  # torch layout (out, in, k)
for padding in ["valid", "same"]:
    y = F.conv1d(x.permute(0, 2, 1), weight, bias, stride=1, padding=padding)
    print("conv1d", padding, [round(float(v), 6) for v in y.permute(0, 2, 1).reshape(-1)])
# stride 2, valid (torch does not take padding='same' with a stride)
y = F.conv1d(x.permute(0, 2, 1), weight, bias, stride=2)
print("conv1d stride2", [round(float(v), 6) for v in y.permute(0, 2, 1).reshape(-1)])
conv = torch.nn.Conv1d(cin, filters, k)
print("conv1d params", sum(p.numel() for p in conv.parameters()))
conv = torch.nn.Conv1d(64, 128, 5)
print("conv1d(128,5) on 64 channels params", sum(p.numel() for p in conv.parameters()))
