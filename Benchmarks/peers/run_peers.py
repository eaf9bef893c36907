#!/usr/bin/env python3
"""The peers of the Goldilocks benchmark suite, measured in one run.

Measures, on this machine and in this process (except where a child process is needed):

- gemm:   numpy float32 matmul 256x784 @ 784x512 at 1 and 2 BLAS threads (threadpoolctl),
          with the BLAS library and the kernel (`architecture`) that actually ran;
- mlp:    PyTorch CPU training of seed-mlp (784-128relu-10, softmax cross-entropy on
          logits), Adam lr 1e-3, batch 32, 10 epochs, on the 4,000 MNIST training images
          of content/datasets/mnist.glds, plus held-out accuracy;
- latency: PyTorch batch-1 latency of that model, and ONNX Runtime (1 intra-op thread,
          1 inter-op thread) batch-1 latency of the same model exported to ONNX;
- int8:   the teacher (784-512relu-256relu-10) trained one epoch, fp32 vs
          `torch.ao.quantization.quantize_dynamic` int8 at batch 64 (p50);
- cnn:    PyTorch seed-cnn, 5 epochs, in a child process so its peak RSS is its own;
- mlp-process: the seed-mlp training above as one whole `python` command in a child
          (interpreter start, import torch, load, train, test), timed from outside as the
          engine's CLI is;
- forest: scikit-learn RandomForestClassifier(100 trees, n_jobs=2) via forest_peer.py;
- tiny-gpt: PyTorch training of tiny-gpt on tiny Shakespeare for --tiny-gpt-steps steps
          (default 2000) at its default threads, via tiny_gpt_peer.py in a child process
          (validation loss on the engine's windows, the loop's time, the whole process).

The MNIST split: with --mnist-split FILE (written by `goldilocks-bench --mnist-split`),
exactly the engine's stratified split (DatasetSplitter, seed 42); without it, a seeded
shuffle (numpy seed 42) and the first 4,000 rows, which the output says.

A package that is not installed is reported as such (stderr and "status": "not installed"
in the JSON) and its sections are skipped; nothing is installed by this script.

Usage (repository root; run.sh unsets OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE for this command):
  /work/venv-bench/bin/python Benchmarks/peers/run_peers.py [--mnist-split F] [--output F]
      [--quick] [--only gemm,mlp,latency,int8,cnn,mlp-process,forest,tiny-gpt]
      [--tiny-gpt-steps N] [--gemm-env KEY=VALUE ...]
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import platform
import resource
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MNIST = ROOT / "content/datasets/mnist.glds"
SEED = 42
MISSING: dict[str, str] = {}


def need(module: str, pip_name: str | None = None):
    """Imports a module, or records it as not installed and returns None."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        name = pip_name or module
        if name not in MISSING:
            MISSING[name] = f"not installed ({error}); pip install {name}"
            print(f"[peers] NOT INSTALLED: {name}: its sections are skipped", file=sys.stderr)
        return None


def log(text: str) -> None:
    print(f"[peers] {text}", file=sys.stderr, flush=True)


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def rank(p: float) -> float:
        index = max(1, math.ceil(p / 100 * len(ordered)))
        return ordered[min(index, len(ordered)) - 1]

    return {
        "runs": len(ordered), "p50_ms": rank(50) * 1e3, "p95_ms": rank(95) * 1e3,
        "p99_ms": rank(99) * 1e3, "mean_ms": statistics.fmean(ordered) * 1e3,
        "min_ms": ordered[0] * 1e3,
    }


def timed(fn, warm_up: int, runs: int) -> list[float]:
    for _ in range(warm_up):
        fn()
    samples = []
    clock = time.perf_counter
    for _ in range(runs):
        start = clock()
        fn()
        samples.append(clock() - start)
    return samples


# MARK: - data


def read_glds(path: Path):
    """Reads a GLDS0001 file (content/datasets/README.md): header, features, labels."""
    np = need("numpy")
    blob = path.read_bytes()
    if blob[:8] != b"GLDS0001":
        raise ValueError(f"{path}: bad magic {blob[:8]!r}")
    (n,) = struct.unpack_from("<I", blob, 8)
    header = json.loads(blob[12:12 + n].decode("utf-8"))
    rows, shape = header["rows"], header["feature_shape"]
    per_row = math.prod(shape)
    dtype = {"f32": np.dtype("<f4"), "u8": np.dtype("u1")}[header["feature_dtype"]]
    start = 12 + n
    size = rows * per_row * dtype.itemsize
    if len(blob) != start + size + rows:
        raise ValueError(f"{path}: length {len(blob)} != {start + size + rows}")
    features = np.frombuffer(blob, dtype=dtype, count=rows * per_row, offset=start)
    features = features.reshape(rows, *shape).astype(np.float32) / np.float32(header["feature_scale"])
    labels = np.frombuffer(blob, dtype=np.uint8, count=rows, offset=start + size).astype(np.int64)
    return header, features, labels


def mnist(split_file: str | None):
    """MNIST as float32 in [0, 1], split as the engine does when a split file is given."""
    np = need("numpy")
    _, features, labels = read_glds(MNIST)
    if split_file and Path(split_file).exists():
        split = json.loads(Path(split_file).read_text())
        train, test = np.asarray(split["train"]), np.asarray(split["test"])
        how = f"the engine's stratified split (DatasetSplitter, seed {split['seed']}) from {split_file}"
    else:
        order = np.random.default_rng(SEED).permutation(len(labels))
        train, test = np.sort(order[:4000]), np.sort(order[4000:])
        how = "no split file: numpy default_rng(42) shuffle, first 4,000 rows train, rest test"
    return {
        "x_train": features[train], "y_train": labels[train],
        "x_test": features[test], "y_test": labels[test], "split": how,
    }


# MARK: - gemm


def gemm(quick: bool) -> dict:
    np = need("numpy")
    threadpoolctl = need("threadpoolctl")
    if np is None or threadpoolctl is None:
        return {"status": "not installed"}
    m, k, n = 256, 784, 512
    rng = np.random.default_rng(1)
    a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (k, n)).astype(np.float32)
    c = np.empty((m, n), dtype=np.float32)
    flops = 2.0 * m * n * k
    reps = 10 if quick else 60
    results = []
    for threads in (1, 2):
        with threadpoolctl.threadpool_limits(limits=threads, user_api="blas"):
            info = [i for i in threadpoolctl.threadpool_info()
                    if i["user_api"] == "blas" and "numpy" in i.get("filepath", "")]
            samples = timed(lambda: np.matmul(a, b, out=c), 5, reps)
        samples.sort()
        results.append({
            "m": m, "k": k, "n": n, "threads": threads, "repetitions": reps,
            "best_gflops": flops / samples[0] / 1e9,
            "median_gflops": flops / statistics.median(samples) / 1e9,
            "median_ms": statistics.median(samples) * 1e3,
            "blas": [{key: i.get(key) for key in ("internal_api", "version", "architecture",
                                                  "num_threads", "threading_layer", "filepath")}
                     for i in info],
        })
    return {
        "numpy": np.__version__, "threadpoolctl": threadpoolctl.__version__,
        "env": {key: os.environ.get(key) for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
        "results": results,
    }


# MARK: - torch models


def seed_mlp(torch):
    nn = torch.nn
    return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))


def teacher(torch):
    nn = torch.nn
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                         nn.Linear(256, 10))


def seed_cnn(torch):
    nn = torch.nn
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3), nn.ReLU(),
        nn.MaxPool2d(2), nn.Flatten(), nn.Linear(1600, 64), nn.ReLU(), nn.Linear(64, 10))


def tensors(torch, args, shape: tuple) -> tuple:
    """The MNIST split as torch tensors: images reshaped to `shape`, labels, and the split name."""
    data = mnist(args.mnist_split)
    x_train = torch.from_numpy(data["x_train"].reshape(shape).copy())
    x_test = torch.from_numpy(data["x_test"].reshape(shape).copy())
    return (x_train, torch.from_numpy(data["y_train"]), x_test,
            torch.from_numpy(data["y_test"]), data["split"])


def fit(torch, model, x, y, epochs: int, batch: int = 32, lr: float = 1e-3) -> float:
    """Adam + cross-entropy on logits, reshuffled every epoch; returns seconds."""
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(SEED)
    model.train()
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(x.shape[0], generator=generator)
        for i in range(0, x.shape[0], batch):
            index = order[i:i + batch]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[index]), y[index])
            loss.backward()
            optimizer.step()
    return time.perf_counter() - start


def accuracy(torch, model, x, y) -> float:
    model.eval()
    with torch.inference_mode():
        return float((model(x).argmax(dim=1) == y).float().mean())


def torch_info(torch) -> dict:
    return {"torch": torch.__version__, "threads": torch.get_num_threads(),
            "interop_threads": torch.get_num_interop_threads(),
            "quantized_engine": torch.backends.quantized.engine}


def mlp_and_latency(args) -> dict:
    torch = need("torch")
    if torch is None:
        return {"status": "not installed"}
    torch.manual_seed(SEED)
    epochs = 1 if args.quick else 10
    start = time.perf_counter()
    x_train, y_train, x_test, y_test, split = tensors(torch, args, (-1, 784))
    load_seconds = time.perf_counter() - start
    # The targets compare against PyTorch at its default thread count ("training"); the
    # 1-thread time is kept beside it for the record ("training_1_thread"), not judged.
    default_threads = torch.get_num_threads()
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    single = seed_mlp(torch)
    single_seconds = fit(torch, single, x_train, y_train, epochs)
    single_accuracy = accuracy(torch, single, x_test, y_test)
    torch.set_num_threads(default_threads)
    torch.manual_seed(SEED)
    model = seed_mlp(torch)
    train_seconds = fit(torch, model, x_train, y_train, epochs)
    result = {
        "info": torch_info(torch), "split": split,
        "train_examples": int(x_train.shape[0]), "test_examples": int(x_test.shape[0]),
        "training": {"epochs": epochs, "batch": 32, "optimizer": "Adam", "lr": 1e-3,
                     "loader": "tensors in memory, randperm per epoch (no DataLoader)",
                     "load_seconds": load_seconds, "train_seconds": train_seconds,
                     "total_seconds": load_seconds + train_seconds,
                     "accuracy": accuracy(torch, model, x_test, y_test),
                     "threads": default_threads},
        "training_1_thread": {"epochs": epochs, "load_seconds": load_seconds,
                              "train_seconds": single_seconds,
                              "total_seconds": load_seconds + single_seconds,
                              "accuracy": single_accuracy, "threads": 1},
    }
    runs = 200 if args.quick else 5000
    sample = x_test[0:1].contiguous()
    model.eval()
    with torch.inference_mode():
        result["torch_latency_batch1"] = percentiles(timed(lambda: model(sample), runs // 10, runs))
    result["onnxruntime_latency_batch1"] = onnx_latency(torch, model, sample, runs)
    return result


def onnx_latency(torch, model, sample, runs: int) -> dict:
    ort = need("onnxruntime")
    if ort is None or need("onnx") is None:
        return {"status": "not installed"}
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "seed_mlp.onnx")
        exporter = "torch.onnx.export(dynamo=True)"
        try:
            need("onnxscript")
            torch.onnx.export(model, (sample,), path, input_names=["x"], output_names=["y"],
                              dynamo=True)
        except Exception as error:  # noqa: BLE001 - fall back to the TorchScript exporter
            log(f"dynamo export failed ({error}); trying dynamo=False")
            exporter = "torch.onnx.export(dynamo=False)"
            torch.onnx.export(model, (sample,), path, input_names=["x"], output_names=["y"],
                              dynamo=False)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        name = session.get_inputs()[0].name
        feed = {name: sample.numpy()}
        reference = model(sample).detach().numpy()
        got = session.run(None, feed)[0]
        result = percentiles(timed(lambda: session.run(None, feed), runs // 10, runs))
    result.update({
        "onnxruntime": ort.__version__, "exporter": exporter, "intra_op_threads": 1,
        "inter_op_threads": 1, "max_abs_diff_vs_torch": float(abs(reference - got).max()),
        "call": "InferenceSession.run(None, feed) from Python, timed per call",
    })
    return result


def int8(args) -> dict:
    torch = need("torch")
    if torch is None:
        return {"status": "not installed"}
    torch.manual_seed(SEED)
    data = mnist(args.mnist_split)
    x_train = torch.from_numpy(data["x_train"].reshape(-1, 784))
    y_train = torch.from_numpy(data["y_train"])
    x_test = torch.from_numpy(data["x_test"].reshape(-1, 784))
    y_test = torch.from_numpy(data["y_test"])
    model = teacher(torch)
    fit(torch, model, x_train, y_train, epochs=1)
    model.eval()
    from torch.ao.quantization import quantize_dynamic

    quantized = quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    batch = x_test[:64].contiguous()
    runs = 40 if args.quick else 400
    with torch.inference_mode():
        fp32 = percentiles(timed(lambda: model(batch), 40, runs))
        q = percentiles(timed(lambda: quantized(batch), 40, runs))
    return {
        "info": torch_info(torch), "batch": 64, "train_epochs": 1,
        "fp32": fp32, "int8_dynamic": q, "speedup_p50": fp32["p50_ms"] / q["p50_ms"],
        "fp32_accuracy": accuracy(torch, model, x_test, y_test),
        "int8_accuracy": accuracy(torch, quantized, x_test, y_test),
        "api": "torch.ao.quantization.quantize_dynamic({nn.Linear}, dtype=torch.qint8)",
    }


def cnn_child(args) -> dict:
    """Runs in the child: trains seed-cnn and returns its times (no peak RSS here)."""
    torch = need("torch")
    if torch is None:
        return {"status": "not installed"}
    torch.manual_seed(SEED)
    epochs = 1 if args.quick else 5
    start = time.perf_counter()
    x_train, y_train, x_test, y_test, split = tensors(torch, args, (-1, 1, 28, 28))
    load_seconds = time.perf_counter() - start
    model = seed_cnn(torch)
    train_seconds = fit(torch, model, x_train, y_train, epochs)
    return {"info": torch_info(torch), "epochs": epochs, "batch": 32, "split": split,
            "load_seconds": load_seconds, "train_seconds": train_seconds,
            "accuracy": accuracy(torch, model, x_test, y_test),
            "params": sum(p.numel() for p in model.parameters())}


def mlp_child(args) -> dict:
    """Runs in the child: the whole seed-mlp job as one command (import, load, train, test)."""
    torch = need("torch")
    if torch is None:
        return {"status": "not installed"}
    torch.manual_seed(SEED)
    epochs = 1 if args.quick else 10
    x_train, y_train, x_test, y_test, _ = tensors(torch, args, (-1, 784))
    model = seed_mlp(torch)
    train_seconds = fit(torch, model, x_train, y_train, epochs)
    return {"info": torch_info(torch), "epochs": epochs, "train_seconds": train_seconds,
            "accuracy": accuracy(torch, model, x_test, y_test)}


def mlp_process(args) -> dict:
    """seed-mlp as a whole `python` command, timed from outside like the engine's CLI."""
    return in_child(args, "mlp-child", "wall time of the whole child process: interpreter "
                    "start, import torch, data load, training and the test accuracy")


def in_child(args, section: str, note: str) -> dict:
    """Runs one section of this script in a child and adds the child's own process figures."""
    child_args = ["--only", section] + (["--quick"] if args.quick else [])
    if args.mnist_split:
        child_args += ["--mnist-split", args.mnist_split]
    result, figures = run_child(child_args)
    inner = result.get("sections", {}).get(section, result)
    inner["process"] = figures
    inner["note"] = note
    return inner


def run_child(arguments: list[str], env: dict | None = None) -> tuple[dict, dict]:
    """Runs this script as a child; returns its JSON and its own wall/CPU/peak RSS."""
    command = [sys.executable, str(Path(__file__).resolve())] + arguments
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, env=env)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    figures = {"wall_seconds": wall, "cpu_seconds": usage.ru_utime + usage.ru_stime,
               "peak_rss_mib": usage.ru_maxrss / 1024, "exit_status": child.returncode}
    try:
        return json.loads(output), figures
    except json.JSONDecodeError:
        return {"status": "failed", "output": output.decode(errors="replace")[-2000:]}, figures


def cnn(args) -> dict:
    return in_child(args, "cnn-child", "peak RSS is the whole Python process (interpreter, "
                    "torch, numpy), read with os.wait4 of the child")


def forest(args) -> dict:
    if need("numpy") is None or need("sklearn", "scikit-learn") is None or need("joblib") is None:
        return {"status": "not installed"}
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import forest_peer

    return forest_peer.measure(repeats=200 if args.quick else 1000, fits=1 if args.quick else 3)


def tiny_gpt(args) -> dict:
    """tiny_gpt_peer.py in a child: PyTorch's figures plus the child's own process figures."""
    if need("torch") is None:
        return {"status": "not installed"}
    script = Path(__file__).resolve().parent / "tiny_gpt_peer.py"
    command = [sys.executable, str(script), "--steps", str(args.tiny_gpt_steps)]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    figures = {"wall_seconds": time.perf_counter() - start,
               "cpu_seconds": usage.ru_utime + usage.ru_stime,
               "peak_rss_mib": usage.ru_maxrss / 1024,
               "exit_status": os.waitstatus_to_exitcode(status)}
    try:
        result = json.loads(output)
    except json.JSONDecodeError:
        return {"status": "failed", "output": output.decode(errors="replace")[-2000:],
                "process": figures}
    result["process"] = figures
    result["command"] = "python Benchmarks/peers/tiny_gpt_peer.py --steps " + str(args.tiny_gpt_steps)
    return result


# MARK: - main


def versions() -> dict:
    found = {"python": platform.python_version(), "python_executable": sys.executable}
    for module in ("numpy", "torch", "onnx", "onnxruntime", "onnxscript", "sklearn", "joblib",
                   "threadpoolctl"):
        try:
            found[module] = importlib.import_module(module).__version__
        except ImportError:
            found[module] = "not installed"
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mnist-split")
    parser.add_argument("--output")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--tiny-gpt-steps", type=int, default=2000)
    parser.add_argument("--gemm-env", action="append", default=[],
                        help="KEY=VALUE: also run gemm in a child with these variables set")
    args = parser.parse_args()
    only = {s for s in args.only.split(",") if s}
    sections = {"gemm": lambda: gemm(args.quick), "mlp": lambda: mlp_and_latency(args),
                "int8": lambda: int8(args), "cnn": lambda: cnn(args),
                "forest": lambda: forest(args), "cnn-child": lambda: cnn_child(args),
                "mlp-process": lambda: mlp_process(args), "mlp-child": lambda: mlp_child(args),
                "tiny-gpt": lambda: tiny_gpt(args)}
    children = {"cnn-child", "mlp-child"}
    wanted = [name for name in sections if (name in only if only else name not in children)]
    if "latency" in only and "mlp" not in wanted:
        wanted.insert(0, "mlp")
    report = {"schema": "goldilocks-peers/1",
              "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "machine": {"cores": os.cpu_count(), "load_average_at_start": os.getloadavg(),
                          "platform": platform.platform()},
              "sections": {}}
    if not children.intersection(wanted):
        report["versions"] = versions()
    for name in wanted:
        log(f"{name}…")
        try:
            report["sections"][name] = sections[name]()
        except Exception as error:  # noqa: BLE001 - report and go on with the other sections
            log(f"{name} failed: {error!r}")
            report["sections"][name] = {"status": "failed", "error": repr(error)}
    if args.gemm_env and "gemm" in wanted:
        env = dict(os.environ)
        for pair in args.gemm_env:
            key, _, value = pair.partition("=")
            env[key] = value
        result, _ = run_child(["--only", "gemm"] + (["--quick"] if args.quick else []), env)
        report["sections"]["gemm_with_env"] = result.get("sections", {}).get("gemm", result)
    report["machine"]["load_average_at_end"] = os.getloadavg()
    report["not_installed"] = MISSING
    report["self_peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = json.dumps(report, indent=1)
    if args.output:
        Path(args.output).write_text(text + "\n")
        log(f"wrote {args.output}")
    print(text)


if __name__ == "__main__":
    main()
