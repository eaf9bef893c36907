#!/usr/bin/env bash
# Runs the benchmark suite: builds the release CLI and goldilocks-bench (this package's own
# .build), runs the Swift suite and then the Python peers back to back on the same machine,
# and writes both reports into one file, Benchmarks/results/<date>.json, plus the target
# table (compare.py) on standard output.
#
#   Benchmarks/run.sh [--quick] [--tiny-gpt]
#
# --tiny-gpt runs only the tiny language model case (issue 15): the whole
# `goldilocks calc train tiny-gpt --dataset shakespeare --steps N` command against the same
# model and recipe in PyTorch at its default threads (peers/tiny_gpt_peer.py), then
# `calc generate` with and without the KV cache at 256 tokens; the other sections are not
# run and the target table shows only what was measured.
#
# Environment:
#   TINY_GPT_STEPS steps of the tiny-gpt case (default 2000, 100 with --quick); 0 leaves the
#                  case out of a full run (it takes about 3 minutes on an idle 2-core machine
#                  at 2000 steps, both sides together, and much longer under load).
#   PEERS_PYTHON   Python with numpy, torch, onnx, onnxruntime, scikit-learn, threadpoolctl;
#                  peers/requirements.txt pins what the committed results used. When it is
#                  not set, each group of peer sections runs with the first of
#                  /work/venv-ref/bin/python, /work/venv-*/bin/python and python3 that imports
#                  what the group needs (gemm: numpy + threadpoolctl; mlp, int8, cnn,
#                  mlp-process: torch, with onnxruntime preferred; forest: scikit-learn), so
#                  two partial venvs together cover the suite. Which Python ran which section
#                  is recorded in the results ("peers_python").
#   GOLDILOCKS_FLOAT_KERNEL  avx2 forces the AVX2 float kernel (the default is AVX-512 where
#                  the processor has it); the kernel that ran is recorded and printed.
#   GOLDILOCKS_CLI a release goldilocks to time instead of building one here.
#
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, when set on this machine, are unset together for
# the peers' command only (they slow a current numpy); gemm is also measured once with them
# set, in a child, so both kernels are on record.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
QUICK=()
TINY_ONLY=0
for argument in "$@"; do
  case "$argument" in
    --quick) QUICK=(--quick) ;;
    --tiny-gpt) TINY_ONLY=1 ;;
    *) echo "error: unknown argument '$argument'; use --quick and/or --tiny-gpt" >&2; exit 1 ;;
  esac
done
if [[ -z "${TINY_GPT_STEPS:-}" ]]; then
  if [[ ${#QUICK[@]} -gt 0 ]]; then TINY_GPT_STEPS=100; else TINY_GPT_STEPS=2000; fi
fi
if ! [[ "$TINY_GPT_STEPS" =~ ^[0-9]+$ ]]; then
  echo "error: TINY_GPT_STEPS must be a whole number of steps (0 skips the case), got '$TINY_GPT_STEPS'" >&2
  exit 1
fi
if [[ $TINY_ONLY -eq 1 && $TINY_GPT_STEPS -eq 0 ]]; then
  echo "error: --tiny-gpt with TINY_GPT_STEPS=0 would measure nothing; give a step count" >&2
  exit 1
fi
CANDIDATES=()
if [[ -n "${PEERS_PYTHON:-}" ]]; then
  CANDIDATES=("$PEERS_PYTHON")
else
  for candidate in /work/venv-ref/bin/python /work/venv-*/bin/python "$(command -v python3 || true)"; do
    if [[ -x "$candidate" ]]; then CANDIDATES+=("$candidate"); fi
  done
fi
# The first candidate that imports every module of each argument in turn (the first argument
# is the preferred set, later ones are fallbacks); the first candidate when none does.
python_with() {
  local modules candidate
  for modules in "$@"; do
    for candidate in "${CANDIDATES[@]}"; do
      if "$candidate" -c "import $modules" 2> /dev/null; then echo "$candidate"; return; fi
    done
  done
  echo "${CANDIDATES[0]:-python3}"
}
GEMM_PYTHON="$(python_with "numpy, threadpoolctl")"
TORCH_PYTHON="$(python_with "torch, onnxruntime, onnx" "torch")"
FOREST_PYTHON="$(python_with "sklearn, joblib, numpy")"
TINY_PYTHON="$(python_with "torch")"

STAMP="$(date -u +%Y-%m-%dT%H%MZ)"
RESULTS="$BENCH/results"
mkdir -p "$RESULTS"
SWIFT_JSON="$RESULTS/$STAMP.swift.tmp"
PEERS_JSON="$RESULTS/$STAMP.peers.tmp"
SPLIT="$RESULTS/$STAMP.mnist-split.tmp"
OUT="$RESULTS/$STAMP.json"

echo "== load before building: $(uptime)"
echo "== building (release)"
if [[ -z "${GOLDILOCKS_CLI:-}" ]]; then
  swift build -c release --package-path "$BENCH" --product goldilocks
  GOLDILOCKS_CLI="$(swift build -c release --package-path "$BENCH" --show-bin-path)/goldilocks"
fi
swift build -c release --package-path "$BENCH" --product goldilocks-bench
BENCH_BIN="$(swift build -c release --package-path "$BENCH" --show-bin-path)/goldilocks-bench"

START_UPTIME="$(uptime)"
echo "== load at start of measurement: $START_UPTIME"
echo "== goldilocks-bench"
if [[ $TINY_ONLY -eq 1 ]]; then
  "$BENCH_BIN" --root "$ROOT" --cli "$GOLDILOCKS_CLI" --only cli-tiny-gpt \
    --tiny-gpt-steps "$TINY_GPT_STEPS" --output "$SWIFT_JSON" "${QUICK[@]}"
else
  "$BENCH_BIN" --root "$ROOT" --cli "$GOLDILOCKS_CLI" --mnist-split "$SPLIT" \
    --tiny-gpt-steps "$TINY_GPT_STEPS" --output "$SWIFT_JSON" "${QUICK[@]}"
fi

GEMM_ENV=()
for name in OPENBLAS_CORETYPE OPENBLAS_L2_SIZE; do
  if [[ -n "${!name:-}" ]]; then GEMM_ENV+=(--gemm-env "$name=${!name}"); fi
done
# One run_peers.py per Python, each with its sections, merged below.
declare -A SECTIONS_OF=()
if [[ $TINY_ONLY -eq 0 ]]; then
  SECTIONS_OF["$GEMM_PYTHON"]+="gemm,"
  SECTIONS_OF["$TORCH_PYTHON"]+="mlp,int8,cnn,mlp-process,"
  SECTIONS_OF["$FOREST_PYTHON"]+="forest,"
fi
if [[ $TINY_GPT_STEPS -gt 0 ]]; then SECTIONS_OF["$TINY_PYTHON"]+="tiny-gpt,"; fi
part=0
for python in "${!SECTIONS_OF[@]}"; do
  part=$((part + 1))
  sections="${SECTIONS_OF[$python]%,}"
  echo "== peers ($python): $sections"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" "$BENCH/peers/run_peers.py" \
    --only "$sections" --mnist-split "$SPLIT" --output "$PEERS_JSON.$part" "${QUICK[@]}" \
    --tiny-gpt-steps "$TINY_GPT_STEPS" "${GEMM_ENV[@]}" > /dev/null
done
# GEMM again in alternating rounds (ours, numpy, ours, numpy, ...): on a shared machine the
# speed drifts by 10-20 % within minutes, and alternating keeps both sides in the same drift.
ROUNDS=3
if [[ ${#QUICK[@]} -gt 0 ]]; then ROUNDS=1; fi
if [[ $TINY_ONLY -eq 1 ]]; then ROUNDS=0; fi
for ((round = 1; round <= ROUNDS; round++)); do
  echo "== gemm round $round of $ROUNDS"
  "$BENCH_BIN" --root "$ROOT" --only gemm --output "$RESULTS/$STAMP.gemm-swift-$round.tmp" \
    "${QUICK[@]}" > /dev/null
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$GEMM_PYTHON" "$BENCH/peers/run_peers.py" \
    --only gemm --output "$RESULTS/$STAMP.gemm-peers-$round.tmp" "${QUICK[@]}" > /dev/null
done
END_UPTIME="$(uptime)"

python3 - "$SWIFT_JSON" "$PEERS_JSON" "$OUT" "$START_UPTIME" "$END_UPTIME" \
  "${OPENBLAS_CORETYPE:-}" "${OPENBLAS_L2_SIZE:-}" <<'PY'
import glob, json, sys
swift, peers_prefix, out, start, end, coretype, l2 = sys.argv[1:8]
# The peers' parts (one per Python) as one report: sections, versions and not_installed
# merged, and which Python measured which section.
peers = None
for path in sorted(glob.glob(peers_prefix + ".*")):
    part = json.load(open(path))
    python = (part.get("versions") or {}).get("python_executable", path)
    if peers is None:
        peers = dict(part, sections={}, not_installed={}, versions={}, peers_python={})
    peers["sections"].update(part.get("sections", {}))
    peers["not_installed"].update(part.get("not_installed", {}))
    for name, value in (part.get("versions") or {}).items():
        if value != "not installed" or name not in peers["versions"]:
            peers["versions"][name] = value
    for section in part.get("sections", {}):
        peers["peers_python"][section] = python
# A module one part lacks but another part had is not missing from the run.
for name in list(peers["not_installed"]):
    if peers["versions"].get(name, "not installed") != "not installed":
        del peers["not_installed"][name]
doc = {
    "schema": "goldilocks-benchmarks-run/1",
    "uptime_at_start": start.strip(), "uptime_at_end": end.strip(),
    "openblas_env_on_machine": {"OPENBLAS_CORETYPE": coretype or None,
                                "OPENBLAS_L2_SIZE": l2 or None,
                                "peers_ran_with": "both unset"},
    "goldilocks": json.load(open(swift)), "peers": peers,
    "gemm_rounds": [],
}
import glob, os
prefix = out[: -len(".json")]
round_number = 1
while os.path.exists(f"{prefix}.gemm-swift-{round_number}.tmp"):
    mine = json.load(open(f"{prefix}.gemm-swift-{round_number}.tmp")).get("gemm")
    theirs = json.load(open(f"{prefix}.gemm-peers-{round_number}.tmp"))
    doc["gemm_rounds"].append({"goldilocks": mine,
                               "numpy": theirs["sections"].get("gemm", {}).get("results")})
    round_number += 1
open(out, "w").write(json.dumps(doc, indent=1) + "\n")
PY
rm -f "$SWIFT_JSON" "$PEERS_JSON".* "$SPLIT" "$RESULTS/$STAMP".gemm-*.tmp
echo "== wrote $OUT"
if [[ $TINY_ONLY -eq 1 ]]; then
  python3 "$BENCH/peers/compare.py" "$OUT" --measured-only
else
  python3 "$BENCH/peers/compare.py" "$OUT"
fi
