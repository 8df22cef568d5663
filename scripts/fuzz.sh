#!/usr/bin/env bash
# Builds the protocol fuzz targets with libFuzzer instrumentation on the stable
# toolchain (the same sancov flags cargo-fuzz passes; no sanitizer, so no
# nightly needed) and runs each for N seconds (default 20) on a seed corpus
# made from the golden vectors: `wire` (frames, brine, messages, boxing,
# exceptions, pickle) and `session` (the sans-IO session core fed in chunks).
# Usage: scripts/fuzz.sh [seconds] [target...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-20}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(wire session)
fuzz="$root/protocol/fuzz"
export CARGO_TARGET_DIR="$root/target/fuzz"
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# An explicit --target keeps RUSTFLAGS off build scripts, as cargo-fuzz does.
host="$(rustc -vV | sed -n "s/^host: //p")"
bins=()
for t in "${targets[@]}"; do bins+=(--bin "$t"); done
cargo build --quiet --release --manifest-path "$fuzz/Cargo.toml" "${bins[@]}" --target "$host"
corpus="$root/target/fuzz/corpus-seed"
mkdir -p "$corpus"
# Seeds: real frames and message payloads captured from rpyc 6.0.2.
python3 - "$root/protocol/tests/golden" "$corpus" <<'PY'
import sys, pathlib
golden, corpus = map(pathlib.Path, sys.argv[1:])
n = 0
for line in (golden / "messages.txt").read_text().splitlines():
    if line.startswith("#"): continue
    payload = bytes.fromhex(line.split("\t")[1])
    frame = len(payload).to_bytes(4, "big") + b"\0" + payload + b"\n"
    (corpus / f"msg{n}").write_bytes(frame); n += 1
for i, line in enumerate((golden / "brine.txt").read_text().splitlines()[1:400:7]):
    (corpus / f"brine{i}").write_bytes(bytes.fromhex(line.split("\t")[0]))
PY
for t in "${targets[@]}"; do
  # Each target grows its own corpus from the shared seeds.
  work="$root/target/fuzz/corpus-$t"
  mkdir -p "$work"
  echo "fuzz $t: ${seconds} s"
  "$CARGO_TARGET_DIR/$host/release/$t" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 "$work" "$corpus" 2>&1 | tail -n 3
done

# The agent's interpreter: arbitrary source must never panic the agent.
cargo build --quiet --release --manifest-path "$root/agent/fuzz/Cargo.toml" --bin interp --target "$host"
icorpus="$root/target/fuzz/corpus-interp"
mkdir -p "$icorpus"
printf 'x = [i * i for i in range(10)]\nprint(x)\n' > "$icorpus/comp"
printf 'def f(a, *b, c=1, **d):\n    return a\ntry:\n    f()\nexcept TypeError as e:\n    r = str(e)\n' > "$icorpus/def"
printf 'while True:\n    pass\n' > "$icorpus/loop"
printf "f'{1:>{2}}' + '%%s' %% (1,) + str({1, 2} | {3})\n" > "$icorpus/fmt"
"$CARGO_TARGET_DIR/$host/release/interp" -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=2048 -timeout=10 "$icorpus" 2>&1 | tail -n 3
