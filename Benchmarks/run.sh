#!/usr/bin/env bash
# Runs the benchmark suite: builds the release CLI and goldilocks-bench (this package's own
# .build), runs the Swift suite and then the Python peers back to back on the same machine,
# and writes both reports into one file, Benchmarks/results/<date>.json, plus the target
# table (compare.py) on standard output.
#
#   Benchmarks/run.sh [--quick]
#
# Environment:
#   PEERS_PYTHON   Python with numpy, torch, onnx, onnxruntime, scikit-learn, threadpoolctl
#                  (default /work/venv-ref/bin/python if present, else python3);
#                  peers/requirements.txt pins what the committed results used.
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
if [[ -z "${PEERS_PYTHON:-}" ]]; then
  if [[ -x /work/venv-ref/bin/python ]]; then PEERS_PYTHON=/work/venv-ref/bin/python
  else PEERS_PYTHON=python3; fi
fi

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

echo "== peers ($PEERS_PYTHON)"
GEMM_ENV=()
for name in OPENBLAS_CORETYPE OPENBLAS_L2_SIZE; do
  if [[ -n "${!name:-}" ]]; then GEMM_ENV+=(--gemm-env "$name=${!name}"); fi
done
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PEERS_PYTHON" "$BENCH/peers/run_peers.py" \
  --mnist-split "$SPLIT" --output "$PEERS_JSON" "${QUICK[@]}" "${GEMM_ENV[@]}" > /dev/null
# GEMM again in alternating rounds (ours, numpy, ours, numpy, ...): on a shared machine the
# speed drifts by 10-20 % within minutes, and alternating keeps both sides in the same drift.
ROUNDS=3
if [[ ${#QUICK[@]} -gt 0 ]]; then ROUNDS=1; fi
for ((round = 1; round <= ROUNDS; round++)); do
  echo "== gemm round $round of $ROUNDS"
  "$BENCH_BIN" --root "$ROOT" --only gemm --output "$RESULTS/$STAMP.gemm-swift-$round.tmp" \
    "${QUICK[@]}" > /dev/null
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PEERS_PYTHON" "$BENCH/peers/run_peers.py" \
    --only gemm --output "$RESULTS/$STAMP.gemm-peers-$round.tmp" "${QUICK[@]}" > /dev/null
done
END_UPTIME="$(uptime)"

python3 - "$SWIFT_JSON" "$PEERS_JSON" "$OUT" "$START_UPTIME" "$END_UPTIME" \
  "${OPENBLAS_CORETYPE:-}" "${OPENBLAS_L2_SIZE:-}" <<'PY'
import json, sys
swift, peers, out, start, end, coretype, l2 = sys.argv[1:8]
doc = {
    "schema": "goldilocks-benchmarks-run/1",
    "uptime_at_start": start.strip(), "uptime_at_end": end.strip(),
    "openblas_env_on_machine": {"OPENBLAS_CORETYPE": coretype or None,
                                "OPENBLAS_L2_SIZE": l2 or None,
                                "peers_ran_with": "both unset"},
    "goldilocks": json.load(open(swift)), "peers": json.load(open(peers)),
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
rm -f "$SWIFT_JSON" "$PEERS_JSON" "$SPLIT" "$RESULTS/$STAMP".gemm-*.tmp
echo "== wrote $OUT"
python3 "$BENCH/peers/compare.py" "$OUT"
