#!/usr/bin/env bash
# Interop suite: the real rpyc 6.0.2 client (tests/python) against the real
# rpyc_classic server (the reference: every test must pass there) and then
# against rpyc-agent. Exits non-zero if either run fails or runs no test.
# Extra arguments go to pytest, e.g. scripts/test-interop.sh -k subprocess -x
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scripts/setup-python.sh || { echo "interop: setup-python.sh failed"; exit 1; }
cargo build --quiet -p rpyc-agent || { echo "interop: cargo build -p rpyc-agent failed"; exit 1; }
export RPYC_AGENT_BIN="${RPYC_AGENT_BIN:-$root/target/debug/rpyc-agent}"

declare -A summary
status=0
for server in python agent; do
  printf '\n==> interop tests against --server=%s\n' "$server"
  log="$(mktemp)"
  # A hung server must not hang the run: each request already times out
  # after 10 s; this bounds the whole session.
  timeout --kill-after=10 300 "$root/.venv/bin/python" -m pytest tests/python \
    --server="$server" -q -rfE "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  line="$(grep -E '^=* ?([0-9]+ [a-z]+|no tests ran).* in [0-9.]+s' "$log" | tail -1 | sed -E 's/^=+ //; s/ =+$//')"
  rm -f "$log"
  case $rc in
    0) verdict=ok ;;
    5) verdict="FAILED (no tests ran)" ;;
    124|137) verdict="FAILED (timed out)" ;;
    *) verdict="FAILED (pytest exit $rc)" ;;
  esac
  [ "$rc" -eq 0 ] || status=1
  summary[$server]="$verdict: ${line:-no summary}"
done

echo
for server in python agent; do
  echo "interop --server=$server: ${summary[$server]}"
done
exit $status
