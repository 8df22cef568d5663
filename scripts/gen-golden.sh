#!/usr/bin/env bash
# Regenerates the golden vectors in protocol/tests/golden/ with the pinned reference rpyc (6.0.2).
# brine.txt and frames.txt are deterministic; messages.txt contains CPython object ids and so
# changes from run to run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup-python.sh"
py="$root/.venv/bin/python"
golden="$root/protocol/tests/golden"
export PYTHONHASHSEED=0
"$py" "$golden/gen_brine.py"      # -> brine.txt
"$py" "$golden/gen_frames.py"     # -> frames.txt and messages.txt
"$py" "$golden/gen_pickle.py"     # -> pickle.txt, pickle_errors.txt
