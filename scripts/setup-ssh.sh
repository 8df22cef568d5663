#!/usr/bin/env bash
# Installs what rpyctl's SSH end-to-end tests (tests/tests/ctl_ssh.rs) need: OpenSSH's server and
# client (/usr/sbin/sshd, ssh-keygen). Idempotent: does nothing when both are there. The tests run
# their own sshd (loopback only, a temporary config, host key and authorized key); the system's
# sshd is never started (policy-rc.d during the install) nor left enabled.
#
# Use:  scripts/setup-ssh.sh [-q]        (root, or sudo, for apt-get)
set -euo pipefail

quiet=0
for a in "$@"; do
  case "$a" in
    -q|--quiet) quiet=1 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "setup-ssh: unknown argument: $a" >&2; exit 2 ;;
  esac
done
log() { if [ "$quiet" = 0 ]; then echo "setup-ssh: $*" >&2; fi; }
die() { echo "setup-ssh: error: $*" >&2; exit 1; }

have() { [ -x /usr/sbin/sshd ] && command -v ssh-keygen >/dev/null 2>&1; }

if ! have; then
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to apt-get install openssh-server"
    sudo=(sudo)
  fi
  log "installing openssh-server openssh-client"
  # A failing index of a foreign architecture (scripts/setup-debian-rust.sh adds some) must not
  # stop the install: apt-get install below says whether what we need was found.
  "${sudo[@]}" apt-get update -q >/dev/null 2>&1 || log "apt-get update reported errors (continuing)"
  policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo[@]}" chmod 755 /usr/sbin/policy-rc.d
    policy_added=1
  fi
  rc=0
  out="$("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
         apt-get install -y -q --no-install-recommends openssh-server openssh-client 2>&1)" || rc=$?
  [ "$policy_added" = 0 ] || "${sudo[@]}" rm -f /usr/sbin/policy-rc.d
  [ "$rc" = 0 ] || { printf '%s\n' "$out" >&2; die "apt-get install openssh-server openssh-client failed"; }
  "${sudo[@]}" systemctl disable ssh.service ssh.socket >/dev/null 2>&1 || true
  have || die "/usr/sbin/sshd or ssh-keygen still missing after the install"
fi

# sshd (as root) wants its privilege-separation directory; /run is cleared at boot, so the tests
# create it too.
if [ "$(id -u)" = 0 ]; then mkdir -p /run/sshd; fi
log "ok: $(/usr/sbin/sshd -V 2>&1 | head -n 1 || true)"
