#!/usr/bin/env bash
# Runs the benchmark suite: builds the release CLI and goldilocks-bench (this package's own
# .build), runs the Swift suite and then the Python peers back to back on the same machine,
# and writes both reports into one file, Benchmarks/results/<date>.json, plus the target
# table (compare.py) on standard output.
#
#   Benchmarks/run.sh [--quick]
#
# Environment:
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
if [[ "${1:-}" == "--quick" ]]; then QUICK=(--quick); fi
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
"$BENCH_BIN" --root "$ROOT" --cli "$GOLDILOCKS_CLI" --mnist-split "$SPLIT" \
  --output "$SWIFT_JSON" "${QUICK[@]}"

GEMM_ENV=()
for name in OPENBLAS_CORETYPE OPENBLAS_L2_SIZE; do
  if [[ -n "${!name:-}" ]]; then GEMM_ENV+=(--gemm-env "$name=${!name}"); fi
done
# One run_peers.py per Python, each with its sections, merged below.
declare -A SECTIONS_OF=()
SECTIONS_OF["$GEMM_PYTHON"]+="gemm,"
SECTIONS_OF["$TORCH_PYTHON"]+="mlp,int8,cnn,mlp-process,"
SECTIONS_OF["$FOREST_PYTHON"]+="forest,"
part=0
for python in "${!SECTIONS_OF[@]}"; do
  part=$((part + 1))
  sections="${SECTIONS_OF[$python]%,}"
  echo "== peers ($python): $sections"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" "$BENCH/peers/run_peers.py" \
    --only "$sections" --mnist-split "$SPLIT" --output "$PEERS_JSON.$part" "${QUICK[@]}" \
    "${GEMM_ENV[@]}" > /dev/null
done
# GEMM again in alternating rounds (ours, numpy, ours, numpy, ...): on a shared machine the
# speed drifts by 10-20 % within minutes, and alternating keeps both sides in the same drift.
ROUNDS=3
if [[ ${#QUICK[@]} -gt 0 ]]; then ROUNDS=1; fi
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
python3 "$BENCH/peers/compare.py" "$OUT"
