#!/usr/bin/env bash
# Differential tests of rpyc-agent's Python against CPython (tests/diff):
# seeded cases run by CPython in-process and, through the unmodified rpyc
# client, by a real rpyc_classic (which must agree 100%: that validates the
# harness) and by rpyc-agent. See tests/diff/README.md.
#
#   scripts/difftest.sh [--seed N] [--count N] [--server agent|classic|both]
#                       [--suite language|stdlib|all] [--family F,...]
#                       [--min-agreement PCT] [--max-wrong N]
#                       [--max-crashes N] [--json PATH] [--show N]
#   scripts/difftest.sh --smoke ...     # the CI-sized run scripts/test.sh makes
#
# Exit status: 0 all checks pass; 1 the agent misses a threshold, crashes or
# hangs; 2 the harness is wrong (rpyc_classic disagrees with CPython, or the
# generator made a case that cannot be compared); 3 setup failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

seed=1
count=3000
server=both
suite=language
smoke=0
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seed) seed="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --server) server="$2"; shift 2 ;;
    --suite) suite="$2"; shift 2 ;;
    --smoke) smoke=1; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [ "$smoke" = 1 ]; then
  # A few thousand cases of each suite, both servers, well under a minute.
  count=2500
  server=both
  suite=all
fi

scripts/setup-python.sh || { echo "difftest: setup-python.sh failed"; exit 3; }
py="$root/.venv/bin/python"
case "$server" in
  agent|both)
    cargo build --quiet -p rpyc-agent || { echo "difftest: cargo build -p rpyc-agent failed"; exit 3; }
    export RPYC_AGENT_BIN="${RPYC_AGENT_BIN:-$root/target/debug/rpyc-agent}"
    ;;
esac

# The harness's own unit tests (verdicts, determinism screen, exit statuses).
"$py" -m pytest -q -p no:cacheprovider tests/diff || exit 2

# The generator must not make a case whose CPython result depends on string
# hashing or addresses: generate and evaluate under two hash seeds, compare.
"$py" -W ignore tests/diff/difftest.py selfcheck --seed "$seed" --count "$count" --suite "$suite" || exit 2

mkdir -p target/difftest
"$py" -W ignore tests/diff/difftest.py run --seed "$seed" --count "$count" --server "$server" --suite "$suite" \
  --json "target/difftest/seed-$seed-count-$count-$suite-$server.json" "${args[@]}"
