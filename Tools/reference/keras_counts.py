#!/usr/bin/env python3
"""Reference parameter counts and output shapes from real Keras 3.

Writes Tests/SpecLanguageTests/Fixtures/keras_counts.json.

Every spec below is written in Goldilocks' model spec language
(/work/shared/spec/model-spec.md), translated term by term into Keras layers,
built on `keras.Input(shape)` and counted by Keras itself
(`model.count_params()`, each layer's `count_params()`, trainable/non-trainable
weights, `layer.output.shape`). Specs without `mha` become a `keras.Sequential`;
specs with `mha` become a functional `keras.Model` because MultiHeadAttention
needs two inputs (it is called as `mha(x, x)`: query = value = key = x). The
counts are the same either way.

For `vgg16` and `mobilenet-v1` the fixture also records the totals of
`keras.applications.VGG16(weights=None)` / `MobileNet(weights=None)` as
`keras_applications_total` (and trainable / non-trainable) so a test can check the
spelled-out spec against the real application model.

Run from the repository root: python Tools/reference/keras_counts.py
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/SpecLanguageTests/Fixtures/keras_counts.json"

ACTIVATIONS = {"relu", "sigmoid", "tanh", "softmax", "linear"}


# --------------------------------------------------------------------------- parser

TERM = re.compile(r"\s*(?:->\s*)?([a-z0-9_]+)(?:\(([^)]*)\))?\s*")


def parse(spec: str) -> list[tuple[str, list[str], dict[str, str]]]:
    """Split a spec into (name, positional args, keyword args) terms."""
    terms = []
    pos = 0
    spec = spec.strip()
    while pos < len(spec):
        m = TERM.match(spec, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot parse at {spec[pos:]!r}")
        name, argtext = m.group(1), m.group(2)
        args, kwargs = [], {}
        if argtext is not None and argtext.strip():
            for a in argtext.split(","):
                a = a.strip()
                if "=" in a:
                    k, v = a.split("=", 1)
                    kwargs[k.strip()] = v.strip()
                else:
                    args.append(a)
        terms.append((name, args, kwargs))
        pos = m.end()
        # allow a trailing arrow between terms
        while pos < len(spec) and spec[pos] in " \t->":
            if spec.startswith("->", pos):
                pos += 2
            else:
                pos += 1
    return terms


def boolean(v: str) -> bool:
    if v in ("true", "1", "yes"):
        return True
    if v in ("false", "0", "no"):
        return False
    raise ValueError(v)


def make_layer(name: str, args: list[str], kw: dict[str, str]):
    """Our term -> (keras layer, is_self_attention)."""
    def act(i):
        if len(args) > i:
            assert args[i] in ACTIVATIONS, args[i]
            return args[i]
        return None

    padding = kw.get("padding", "valid")
    use_bias = boolean(kw.get("bias", "true"))
    if name == "dense":
        return keras.layers.Dense(int(args[0]), activation=act(1), use_bias=use_bias)
    if name == "conv2d":
        return keras.layers.Conv2D(int(args[0]), int(args[1]), strides=int(kw.get("stride", 1)),
                                   padding=padding, activation=act(2), use_bias=use_bias)
    if name == "depthwiseconv2d":
        return keras.layers.DepthwiseConv2D(int(args[0]), strides=int(kw.get("stride", 1)),
                                            padding=padding,
                                            depth_multiplier=int(kw.get("multiplier", 1)),
                                            use_bias=use_bias)
    if name == "separableconv2d":
        return keras.layers.SeparableConv2D(int(args[0]), int(args[1]),
                                            strides=int(kw.get("stride", 1)), padding=padding,
                                            use_bias=use_bias)
    if name in ("maxpool2d", "avgpool2d"):
        pool = int(args[0])
        cls = keras.layers.MaxPooling2D if name == "maxpool2d" else keras.layers.AveragePooling2D
        return cls(pool_size=pool, strides=int(kw.get("stride", pool)), padding=padding)
    if name == "globalavgpool2d":
        return keras.layers.GlobalAveragePooling2D()
    if name == "globalmaxpool2d":
        return keras.layers.GlobalMaxPooling2D()
    if name == "flatten":
        return keras.layers.Flatten()
    if name == "dropout":
        return keras.layers.Dropout(float(args[0]))
    if name == "batchnorm":
        return keras.layers.BatchNormalization()
    if name == "layernorm":
        return keras.layers.LayerNormalization()
    if name in ("relu", "sigmoid", "tanh", "softmax"):
        return keras.layers.Activation(name)
    if name == "embedding":
        return keras.layers.Embedding(int(args[0]), int(args[1]))
    if name in ("simplernn", "lstm", "gru"):
        cls = {"simplernn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM,
               "gru": keras.layers.GRU}[name]
        return cls(int(args[0]), return_sequences=boolean(kw.get("return_sequences", "false")))
    if name == "mha":
        return keras.layers.MultiHeadAttention(num_heads=int(args[0]), key_dim=int(args[1]))
    raise ValueError(f"unknown term {name}")


def wsize(weights) -> int:
    return int(sum(int(np.prod(w.shape)) for w in weights))


def build(spec: str):
    """Build the spec in Keras; return (model, [(term name, keras layer, output shape)])."""
    terms = parse(spec)
    assert terms[0][0] == "input", spec
    shape = tuple(int(a) for a in terms[0][1])
    rest = terms[1:]
    dtype = "int32" if rest and rest[0][0] == "embedding" else "float32"
    inp = keras.Input(shape=shape, dtype=dtype)
    layers = [(name, make_layer(name, a, k)) for name, a, k in rest]
    if any(name == "mha" for name, _ in layers):
        x = inp
        out_shapes = []
        for name, layer in layers:
            x = layer(x, x) if name == "mha" else layer(x)
            out_shapes.append(tuple(x.shape[1:]))
        model = keras.Model(inp, x)
    else:
        model = keras.Sequential([inp] + [layer for _, layer in layers])
        out_shapes = [tuple(layer.output.shape[1:]) for _, layer in layers]
    return model, [(n, l, s) for (n, l), s in zip(layers, out_shapes)]


def record(spec: str, **extra) -> dict:
    model, layers = build(spec)
    total = model.count_params()
    trainable = wsize(model.trainable_weights)
    non_trainable = wsize(model.non_trainable_weights)
    assert trainable + non_trainable == total
    rows = []
    for name, layer, shape in layers:
        p = layer.count_params()
        t = wsize(layer.trainable_weights)
        nt = wsize(layer.non_trainable_weights)
        assert t + nt == p
        rows.append({"type": name, "keras_class": type(layer).__name__,
                     "output_shape": [int(d) for d in shape],
                     "params": p, "trainable": t, "non_trainable": nt})
    assert sum(r["params"] for r in rows) == total
    entry = {"spec": spec, "total_params": total, "trainable_params": trainable,
             "non_trainable_params": non_trainable, "layers": rows}
    entry.update(extra)
    keras.backend.clear_session()
    return entry


# --------------------------------------------------------------------------- presets

def vgg16_spec() -> str:
    terms = ["input(224,224,3)"]
    for filters, n in [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]:
        terms += [f"conv2d({filters},3,relu,padding=same)"] * n
        terms.append("maxpool2d(2)")
    terms += ["flatten", "dense(4096,relu)", "dense(4096,relu)", "dense(1000,softmax)"]
    return " ".join(terms)


def mobilenet_spec() -> str:
    # keras.applications.MobileNet(alpha=1.0): ZeroPadding2D(((0,1),(0,1))) + valid stride-2
    # convs are written as padding=same, stride=2 (same output size on even inputs, no
    # parameters); ReLU6 is written relu (no parameters); the head's 1x1 conv on the
    # (1,1,1024) pooled map is written dense(1000,softmax) (1024*1000+1000 either way).
    terms = ["input(224,224,3)", "conv2d(32,3,stride=2,padding=same,bias=false)", "batchnorm", "relu"]
    blocks = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2)] + [(512, 1)] * 5 + \
             [(1024, 2), (1024, 1)]
    for filters, stride in blocks:
        if stride == 1:
            terms.append("depthwiseconv2d(3,padding=same,bias=false)")
        else:
            terms.append("depthwiseconv2d(3,stride=2,padding=same,bias=false)")
        terms += ["batchnorm", "relu", f"conv2d({filters},1,padding=same,bias=false)", "batchnorm", "relu"]
    terms += ["globalavgpool2d", "dropout(0.001)", "dense(1000,softmax)"]
    return " ".join(terms)


def application_totals(model) -> dict:
    total = model.count_params()
    out = {"keras_applications_total": total,
           "keras_applications_trainable": wsize(model.trainable_weights),
           "keras_applications_non_trainable": wsize(model.non_trainable_weights)}
    keras.backend.clear_session()
    return out


SPECS = [
    # presets written out (seed articles)
    ("seed-mlp", "input(784) dense(128,relu) dense(10,softmax)"),
    ("seed-cnn", "input(28,28,1) conv2d(32,3,relu) maxpool2d(2) conv2d(64,3,relu) maxpool2d(2) "
                 "flatten dense(64,relu) dense(10,softmax)"),
    ("teacher", "input(784) dense(512,relu) dense(256,relu) dense(10)"),
    ("student", "input(784) -> dense(128,relu) -> dense(10)"),
    ("dropout-mlp", "input(784) -> dense(128,relu) -> dropout(0.5) -> dense(10)"),
    # dense
    (None, "input(64) dense(32,bias=false) dense(10,sigmoid,bias=false)"),
    (None, "input(50,8) dense(16,tanh) dense(4)"),
    (None, "input(10,8) dense(6,bias=false) flatten dense(3,softmax)"),
    (None, "input(1) dense(1)"),
    (None, "input(784) dense(256,tanh) dropout(0.2) dense(128,sigmoid) dropout(0.2) dense(10,linear)"),
    (None, "input(28,28,1) flatten dense(10,softmax)"),
    # conv2d
    (None, "input(32,32,3) conv2d(16,3,stride=2,padding=same) conv2d(32,5,relu,stride=2) flatten dense(10)"),
    (None, "input(28,28,1) conv2d(8,3,bias=false) batchnorm relu conv2d(16,3,padding=same,bias=false) "
           "batchnorm relu globalavgpool2d dense(10,softmax)"),
    (None, "input(16,16,2) conv2d(4,3,sigmoid) conv2d(4,3,tanh) conv2d(4,1,linear) conv2d(3,2,softmax) flatten"),
    (None, "input(31,29,3) conv2d(5,4,stride=3) conv2d(7,3,stride=2,padding=same) maxpool2d(2)"),
    (None, "input(3,3,1) conv2d(1,3)"),
    (None, "input(28, 28, 1) -> conv2d(16, 5, relu, padding=same) -> maxpool2d(2) -> flatten -> dense(10, softmax)"),
    (None, "input(8,8,1) conv2d(4,3,padding=same) flatten dense(10)"),
    (None, "input(27,27,6) conv2d(12,7,stride=4,padding=same,bias=false) conv2d(24,2,stride=2)"),
    # depthwise / separable
    (None, "input(32,32,8) depthwiseconv2d(3) depthwiseconv2d(3,multiplier=2,stride=2,padding=same) "
           "depthwiseconv2d(5,padding=same,bias=false)"),
    (None, "input(15,15,4) depthwiseconv2d(3,multiplier=3,stride=2) flatten dense(2)"),
    (None, "input(32,32,32) separableconv2d(64,3)"),
    (None, "input(32,32,3) separableconv2d(16,3,stride=2,padding=same) separableconv2d(8,5,bias=false) "
           "globalmaxpool2d"),
    (None, "input(64,64,3) conv2d(32,3,stride=2,padding=same,bias=false) batchnorm relu "
           "depthwiseconv2d(3,padding=same,bias=false) batchnorm relu conv2d(64,1,bias=false) batchnorm "
           "relu globalavgpool2d dropout(0.2) dense(10,softmax)"),
    # pooling
    (None, "input(28,28,3) maxpool2d(3,stride=2) maxpool2d(2,padding=same) avgpool2d(3,stride=1,padding=same) "
           "avgpool2d(2)"),
    (None, "input(7,7,4) maxpool2d(2,padding=same) avgpool2d(3,stride=2,padding=same) globalavgpool2d"),
    (None, "input(9,9,2) avgpool2d(2) maxpool2d(3,stride=1)"),
    (None, "input(8,8,16) conv2d(8,1) globalmaxpool2d dense(4)"),
    (None, "input(32,32,3) conv2d(64,3,relu,padding=same) batchnorm maxpool2d(2,stride=1) "
           "avgpool2d(2,padding=same) globalavgpool2d"),
    # normalisation and activations
    (None, "input(32) dense(64) batchnorm relu dense(10)"),
    (None, "input(12,6) batchnorm dense(3)"),
    (None, "input(20,16) layernorm dense(8) layernorm"),
    (None, "input(64) layernorm dense(10,softmax)"),
    (None, "input(10) relu sigmoid tanh softmax"),
    # embedding and recurrent
    (None, "input(128) embedding(10000,16) flatten dense(1,sigmoid)"),
    (None, "input(100) embedding(5000,32) lstm(64) dense(1,sigmoid)"),
    (None, "input(50,8) simplernn(16) dense(1)"),
    (None, "input(20,16) simplernn(32,return_sequences=true) simplernn(32)"),
    (None, "input(10,16) lstm(32)"),
    (None, "input(30,8) lstm(32,return_sequences=true) lstm(16,return_sequences=true) dense(4)"),
    (None, "input(10,16) gru(32)"),
    (None, "input(40,12) gru(24,return_sequences=true) gru(12) dense(3,softmax)"),
    (None, "input(64) embedding(2000,24) gru(32,return_sequences=true) layernorm gru(16)"),
    (None, "input(10,16) simplernn(32,return_sequences=false)"),
    (None, "input(10,16) gru(32,return_sequences=true) flatten dense(2)"),
    # multi-head attention (self-attention)
    (None, "input(10,64) mha(8,16)"),
    (None, "input(16,32) mha(4,8) layernorm dense(64,relu) dense(32) layernorm"),
    (None, "input(32) embedding(1000,48) mha(6,8) flatten dense(2)"),
    (None, "input(5,10) mha(1,10)"),
    (None, "input(12,24) mha(2,32) mha(3,4) lstm(8)"),
    # big presets
    ("vgg16", vgg16_spec()),
    ("mobilenet-v1", mobilenet_spec()),
]


def main() -> None:
    entries = []
    for preset, spec in SPECS:
        extra = {"preset": preset} if preset else {}
        if preset == "vgg16":
            extra.update(application_totals(keras.applications.VGG16(weights=None)))
        if preset == "mobilenet-v1":
            extra.update(application_totals(keras.applications.MobileNet(weights=None)))
        e = record(spec, **extra)
        if "keras_applications_total" in e:
            assert e["total_params"] == e["keras_applications_total"], (preset, e["total_params"])
            assert e["non_trainable_params"] == e["keras_applications_non_trainable"], preset
        entries.append(e)
        print(f"{e['total_params']:>12,}  {preset or ''} {spec[:90]}", file=sys.stderr)
    doc_note = {
        "generator": "Tools/reference/keras_counts.py",
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "notes": "layers[i] is term i+1 of the spec (input excluded); output_shape excludes the batch "
                 "dimension; keras_class is informational. Specs with mha are functional models "
                 "calling mha(x, x); all others keras.Sequential([keras.Input(shape), ...]).",
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # The fixture itself is the list the Swift tests read; metadata goes in a sidecar key-free
    # form: the first line of the README documents the generator and versions.
    OUT.write_text(json.dumps(entries, indent=1) + "\n")
    (OUT.parent / "keras_counts.meta.json").write_text(json.dumps(doc_note, indent=1) + "\n")
    print(f"wrote {OUT} ({len(entries)} specs)")


if __name__ == "__main__":
    main()
