#!/usr/bin/env bash
# What the playbook benchmark (tests/benches/play_bench.rs) needs beyond the test setup: the
# project venv with ansible-core (scripts/setup-python.sh) plus mitogen for its
# mitogen_linear strategy, OpenSSH's server and client (scripts/setup-ssh.sh), and
# python3-apt, which Ansible's apt module imports on the managed host (this machine).
# Idempotent and quiet when everything is there.
#
# Use:  scripts/setup-play-bench.sh        (root, or sudo, for apt-get)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The pinned mitogen release that supports ansible-core 2.19.
mitogen=0.3.54

scripts/setup-python.sh
if ! .venv/bin/python -c "import ansible_mitogen, mitogen; assert mitogen.__version__ >= (0, 3)" 2>/dev/null ||
   [ "$(.venv/bin/pip show mitogen 2>/dev/null | sed -n 's/^Version: //p')" != "$mitogen" ]; then
  .venv/bin/pip install --quiet --disable-pip-version-check "mitogen==$mitogen"
fi

scripts/setup-ssh.sh -q

if ! /usr/bin/python3 -c "import apt" 2>/dev/null; then
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -q >/dev/null 2>&1 || true
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-apt >/dev/null
  /usr/bin/python3 -c "import apt" || { echo "setup-play-bench: python3-apt still missing" >&2; exit 1; }
fi
