#!/usr/bin/env bash
# Installs what rpyctl's pseudo-terminal tests (tests/tests/ctl_repl_pty.rs) need: tmux, which runs
# `rpyctl repl` in a real pty and lets the tests type (send-keys) and read the screen
# (capture-pane). Idempotent: does nothing when tmux is there. The tests start their own tmux
# servers on private sockets and kill them when done.
#
# Use:  scripts/setup-pty.sh [-q]        (root, or sudo, for apt-get)
set -euo pipefail

quiet=0
for a in "$@"; do
  case "$a" in
    -q|--quiet) quiet=1 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "setup-pty: unknown argument: $a" >&2; exit 2 ;;
  esac
done
log() { if [ "$quiet" = 0 ]; then echo "setup-pty: $*" >&2; fi; }
die() { echo "setup-pty: error: $*" >&2; exit 1; }

if ! command -v tmux >/dev/null 2>&1; then
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to apt-get install tmux"
    sudo=(sudo)
  fi
  log "installing tmux"
  # A failing index of a foreign architecture must not stop the install.
  "${sudo[@]}" apt-get update -q >/dev/null 2>&1 || log "apt-get update reported errors (continuing)"
  out="$("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends tmux 2>&1)" \
    || { printf '%s\n' "$out" >&2; die "apt-get install tmux failed"; }
  command -v tmux >/dev/null 2>&1 || die "tmux still missing after the install"
fi
log "ok: $(tmux -V)"
