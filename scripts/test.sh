#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what it needs (Python
# venv with the pinned rpyc, OpenSSH server for the SSH tests, tmux for the
# REPL's pty tests, Debian's rustc 1.85 with foreign std, cross linkers and
# qemu), then lints, tests, builds the five static agents with rustc 1.85 (the
# MSRV of protocol and agent), runs rpyctl over the multi-architecture SSH fleet, and
# fuzzes briefly. The differential tests against CPython (tests/diff) run
# after the interop suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
step() { printf '\n==> %s\n' "$*"; }

step "setup: Python venv with rpyc 6.0.2"
scripts/setup-python.sh

step "setup: OpenSSH server for the SSH transport's end-to-end tests"
scripts/setup-ssh.sh

step "setup: tmux for the REPL's pseudo-terminal tests"
scripts/setup-pty.sh

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "tests (unit, golden vectors, properties, interop with real rpyc)"
cargo test --workspace

step "interop: the real Python rpyc client against rpyc_classic and against rpyc-agent"
scripts/test-interop.sh

step "differential tests against CPython: rpyc_classic must agree on every case; rpyc-agent above its floor"
# The agent must give CPython's answer on every case it supports; the only
# cases it may refuse (with a SyntaxError naming why) are lone surrogates in
# str literals, which its UTF-8 str cannot hold (tests/diff/README.md). The
# smoke run covers both suites: the language and the standard modules.
scripts/difftest.sh --smoke --show 10 --min-agreement 99.5 --max-wrong 0 --max-crashes 0

step "MSRV and cross: static agents for five triples with Debian's rustc-web 1.85, checked under qemu"
# This is also the MSRV check (rust-version 1.85 for protocol and agent): build-agents.sh builds
# rpyc-agent, and with it the whole rpyc-protocol library (it has no features), with that rustc.
scripts/build-agents.sh -q --profile cross

step "SSH fleet: five hosts of four architectures in network namespaces, rpyctl end to end"
# Leave the fleet as found: down again unless it was up before.
if scripts/fleet.sh status -q >/dev/null 2>&1; then fleet_was_up=1; else fleet_was_up=0; fi
fleet_down() { [ "$fleet_was_up" = 1 ] || scripts/fleet.sh down -q || true; }
trap fleet_down EXIT
scripts/fleet.sh up -q
cargo test -p rpyctl-tests --test fleet -- --ignored
fleet_down
trap - EXIT

step "fuzz: protocol wire and session targets, ${FUZZ_SECONDS:-20} s each"
scripts/fuzz.sh "${FUZZ_SECONDS:-20}"

# Benchmarks are type-checked by clippy --all-targets above; they run with
# cargo bench -p rpyctl-tests (see README), never as tests.
echo
echo "all checks passed"
