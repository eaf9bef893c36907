#!/usr/bin/env python3
"""Reference quantization results from ONNX Runtime.

Writes Tests/EngineTests/Fixtures/quantize_reference.json with

- quantize_linear: ONNX QuantizeLinear / DequantizeLinear (opset 21) run by onnxruntime on
  float arrays with a given scale and zero point (int8 and uint8, per-tensor and per-axis),
  including halfway cases (round half to even) and saturation;
- matmul_integer: MatMulInteger int8 x int8 -> int32 (zero points 0 and non-zero);
- qlinear_matmul: QLinearMatMul (int8 in, per-tensor int8 weights, int8 out);
- scale_zp: onnxruntime.quantization.quant_utils.compute_scale_zp for several ranges and
  ranges (the formula quantize_static's MinMax calibration applies), and
- per_channel: the weight scales quantize_static(per_channel=True, MinMax) wrote for one
  small MatMul weight [in, out] (ORT quantizes a MatMul's B along axis 1, the output channel).

Floats are written as float32 values converted exactly to double, so Swift can compare
with ==. Run from the repository root with a venv holding numpy, onnx and onnxruntime:
    python Tools/reference/make_quantize_reference.py
"""

from __future__ import annotations

import json
import tempfile
from importlib.metadata import version
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.quantization import (
    CalibrationDataReader,
    QuantFormat,
    QuantType,
    quantize_static,
)
from onnxruntime.quantization.quant_utils import compute_scale_zp

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/EngineTests/Fixtures/quantize_reference.json"
OPSET = 21


def run(model: onnx.ModelProto, feeds: dict) -> list:
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)


def f32(values) -> list[float]:
    return [float(v) for v in np.asarray(values, dtype=np.float32).ravel()]


def quantize_case(name, x, scale, zp, dtype, axis=None, shape=None):
    x = np.asarray(x, dtype=np.float32)
    if shape is not None:
        x = x.reshape(shape)
    onnx_type = TensorProto.INT8 if dtype == np.int8 else TensorProto.UINT8
    scale = np.asarray(scale, dtype=np.float32)
    zp = np.asarray(zp, dtype=dtype)
    attrs = {} if axis is None else {"axis": axis}
    inits = [numpy_helper.from_array(scale, "s"), numpy_helper.from_array(zp, "z")]
    graph = helper.make_graph(
        [
            helper.make_node("QuantizeLinear", ["x", "s", "z"], ["q"], **attrs),
            helper.make_node("DequantizeLinear", ["q", "s", "z"], ["y"], **attrs),
        ],
        "q",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, list(x.shape))],
        [
            helper.make_tensor_value_info("q", onnx_type, list(x.shape)),
            helper.make_tensor_value_info("y", TensorProto.FLOAT, list(x.shape)),
        ],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    q, y = run(model, {"x": x})
    return {
        "name": name,
        "type": "int8" if dtype == np.int8 else "uint8",
        "shape": list(x.shape),
        "axis": axis,
        "scales": f32(scale),
        "zero_points": [int(v) for v in zp.ravel()],
        "x": f32(x),
        "q": [int(v) for v in q.ravel()],
        "dequantized": f32(y),
    }


def matmul_integer_case(name, m, k, n, a_zp, b_zp, rng):
    a = rng.integers(-128, 128, size=(m, k), dtype=np.int8)
    b = rng.integers(-128, 128, size=(k, n), dtype=np.int8)
    graph = helper.make_graph(
        [helper.make_node("MatMulInteger", ["a", "b", "az", "bz"], ["c"])],
        "mmi",
        [
            helper.make_tensor_value_info("a", TensorProto.INT8, [m, k]),
            helper.make_tensor_value_info("b", TensorProto.INT8, [k, n]),
        ],
        [helper.make_tensor_value_info("c", TensorProto.INT32, [m, n])],
        initializer=[
            numpy_helper.from_array(np.array(a_zp, dtype=np.int8), "az"),
            numpy_helper.from_array(np.array(b_zp, dtype=np.int8), "bz"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    (c,) = run(model, {"a": a, "b": b})
    return {
        "name": name, "m": m, "k": k, "n": n, "a_zero_point": a_zp, "b_zero_point": b_zp,
        "a": a.ravel().tolist(), "b": b.ravel().tolist(), "c": c.ravel().tolist(),
    }


def qlinear_matmul_case(rng):
    m, k, n = 4, 24, 6
    a = rng.integers(-128, 128, size=(m, k), dtype=np.int8)
    b = rng.integers(-127, 128, size=(k, n), dtype=np.int8)
    a_s, a_z = np.float32(0.02), np.int8(-5)
    b_s, b_z = np.float32(0.004), np.int8(0)
    y_s, y_z = np.float32(0.05), np.int8(3)
    inits = [
        numpy_helper.from_array(np.array(a_s), "as"), numpy_helper.from_array(np.array(a_z), "az"),
        numpy_helper.from_array(np.array(b_s), "bs"), numpy_helper.from_array(np.array(b_z), "bz"),
        numpy_helper.from_array(np.array(y_s), "ys"), numpy_helper.from_array(np.array(y_z), "yz"),
    ]
    graph = helper.make_graph(
        [helper.make_node("QLinearMatMul", ["a", "as", "az", "b", "bs", "bz", "ys", "yz"], ["y"])],
        "qlmm",
        [
            helper.make_tensor_value_info("a", TensorProto.INT8, [m, k]),
            helper.make_tensor_value_info("b", TensorProto.INT8, [k, n]),
        ],
        [helper.make_tensor_value_info("y", TensorProto.INT8, [m, n])],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    (y,) = run(model, {"a": a, "b": b})
    return {
        "m": m, "k": k, "n": n, "a": a.ravel().tolist(), "b": b.ravel().tolist(),
        "a_scale": float(a_s), "a_zero_point": int(a_z), "b_scale": float(b_s),
        "b_zero_point": int(b_z), "y_scale": float(y_s), "y_zero_point": int(y_z),
        "y": y.ravel().tolist(),
    }


def scale_zp_cases():
    cases = []
    ranges = [(-1.0, 1.0), (-0.3, 2.7), (0.5, 3.0), (-4.0, -1.0), (-0.1234567, 0.0271828),
              (0.0, 0.0), (-1e-3, 5e-4), (-2.5, 2.5)]
    grids = [("uint8", 0, 255, False), ("int8", -128, 127, False), ("int8", -127, 127, True),
             ("int8", -128, 127, True), ("int4", -8, 7, True), ("uint4", 0, 15, False)]
    for lo, hi in ranges:
        for name, qmin, qmax, sym in grids:
            dt = np.uint8 if qmin >= 0 else np.int8
            zp, s = compute_scale_zp(np.float32(lo), np.float32(hi), dt(qmin), dt(qmax), symmetric=sym)
            cases.append({"min": float(np.float32(lo)), "max": float(np.float32(hi)), "type": name,
                          "qmin": qmin, "qmax": qmax, "symmetric": sym,
                          "scale": float(np.float32(s)), "zero_point": int(zp)})
    return cases


class Reader(CalibrationDataReader):
    def __init__(self, batches):
        self.batches = iter(batches)

    def get_next(self):
        b = next(self.batches, None)
        return None if b is None else {"x": b}


def per_channel_case(rng):
    rows, cols = 12, 5
    w = (rng.standard_normal((rows, cols)) * np.array([0.1, 1.0, 0.01, 3.0, 0.5])).astype(np.float32)
    w[:, 2] = np.abs(w[:, 2])  # a channel with only positive weights
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"])],
        "pc",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, rows])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, cols])],
        initializer=[numpy_helper.from_array(w, "w")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    batches = [rng.standard_normal((1, rows)).astype(np.float32) for _ in range(4)]
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "f.onnx", Path(tmp) / "q.onnx"
        onnx.save(model, src)
        quantize_static(str(src), str(dst), Reader(batches), quant_format=QuantFormat.QDQ,
                        per_channel=True, weight_type=QuantType.QInt8,
                        activation_type=QuantType.QInt8)
        q = onnx.load(dst)
    inits = {i.name: numpy_helper.to_array(i) for i in q.graph.initializer}
    scale_name = next(n for n in inits if n.startswith("w") and n.endswith("scale"))
    zp_name = next(n for n in inits if n.startswith("w") and n.endswith("zero_point"))
    q_name = next((n for n in inits if n.startswith("w") and n.endswith("quantized")), None)
    axis = next((a.i for node in q.graph.node if node.op_type == "DequantizeLinear"
                 and node.input[0] == q_name for a in node.attribute if a.name == "axis"), None)
    x_all = np.concatenate(batches)
    return {
        "rows": rows, "cols": cols, "weights": f32(w), "axis": axis,
        "scales": f32(inits[scale_name]),
        "zero_points": [int(v) for v in inits[zp_name].ravel()],
        "codes": [int(v) for v in inits[q_name].ravel()] if q_name else None,
        "activation_min": float(x_all.min()), "activation_max": float(x_all.max()),
    }


def main():
    rng = np.random.default_rng(20261123)
    halfway = [-300, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 300, 126.5, 127.5, -127.5, -128.5, 0.0,
               -0.0, 1e-8, 4.5, -4.5]
    randoms = (rng.standard_normal(40) * 1.3).astype(np.float32)
    edges = np.array([0.0123 * (k + 0.5) for k in range(-12, 12)], dtype=np.float32)
    cases = [
        quantize_case("int8 scale 1 halfway", halfway, 1.0, 0, np.int8),
        quantize_case("uint8 zp 128 halfway", halfway, 1.0, 128, np.uint8),
        quantize_case("int8 scale 0.5 zp -3", halfway, 0.5, -3, np.int8),
        quantize_case("uint8 random scale 0.0123 zp 117", randoms, 0.0123, 117, np.uint8),
        quantize_case("int8 random scale 0.0123 zp -9", randoms, 0.0123, -9, np.int8),
        quantize_case("int8 near halfway scale 0.0123", edges, 0.0123, 0, np.int8),
        quantize_case("int8 saturate", [-1e9, -129, 128, 1e9, 1000.25], 0.25, 10, np.int8),
        quantize_case("int8 per-axis 1", randoms[:12], [0.01, 0.02, 0.05], [0, 0, 0], np.int8,
                      axis=1, shape=(4, 3)),
    ]
    out = {
        "generator": "Tools/reference/make_quantize_reference.py",
        "onnxruntime_version": version("onnxruntime"),
        "onnx_version": version("onnx"),
        "notes": "QuantizeLinear q = saturate(round_half_even(x / scale) + zp); "
                 "DequantizeLinear y = (q - zp) * scale; floats are float32 values as doubles.",
        "quantize_linear": cases,
        "matmul_integer": [
            matmul_integer_case("zp 0", 7, 37, 11, 0, 0, rng),
            matmul_integer_case("a zp -3", 5, 64, 9, -3, 0, rng),
        ],
        "qlinear_matmul": qlinear_matmul_case(rng),
        "scale_zp": scale_zp_cases(),
        "per_channel": per_channel_case(rng),
    }
    OUT.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
