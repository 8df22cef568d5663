#!/usr/bin/env bash
# Builds static release rpyc-agent binaries for each platform the controller can bootstrap, with
# Debian bookworm's rustc 1.85 (scripts/setup-debian-rust.sh), and fills the agent store:
#   target/agents/rpyc-agent-<triple>      (one file per triple)
#
# Use:  scripts/build-agents.sh [-q] [--profile NAME] [TRIPLE...]
#       default TRIPLEs: x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu
#       i686-unknown-linux-gnu armv7-unknown-linux-gnueabihf s390x-unknown-linux-gnu
#       --profile: the cargo profile (default dist: release optimized for size with fat LTO, what
#       rpyctl ships; `cross` is release without LTO, 16 codegen units, opt-level "s": quicker to
#       build, for the test fleet)
#
# Per triple: cargo build --profile P -p rpyc-agent --target T (CARGO_TARGET_DIR=target/cross, so
# the host build in target/ is left alone; linker/+crt-static from scripts/cross-env.sh), copy to
# the store, check `file` says static and the right machine, run `--version` (natively for
# x86_64/i686, else under the qemu runner from cross-env.sh), then print a table of triple, size,
# sha256, build seconds (of the attempt that succeeded) and attempts. Any failure is fatal
# (exit 1), after the build retries below.
#
# The agent crate is edited concurrently; a failed cargo build is retried:
#   BUILD_RETRIES (default 5) more attempts, BUILD_RETRY_DELAY seconds apart (default 30).
# Other environment: AGENT_STORE (default target/agents), CROSS_TARGET_DIR (default target/cross),
#   AGENT_MAX_BYTES: the size budget of one agent; a bigger one fails the build (exit 1). Default
#   6000000 (6 MB) for the dist profile, what rpyctl ships and uploads; none for other profiles.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
all_triples=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu i686-unknown-linux-gnu
             armv7-unknown-linux-gnueabihf s390x-unknown-linux-gnu)
store="${AGENT_STORE:-$root/target/agents}"
cross_dir="${CROSS_TARGET_DIR:-$root/target/cross}"
retries="${BUILD_RETRIES:-5}"
delay="${BUILD_RETRY_DELAY:-30}"

quiet=0
profile=dist
triples=()
while [ $# -gt 0 ]; do
  case "$1" in
    -q|--quiet) quiet=1 ;;
    --profile) [ $# -ge 2 ] || { echo "build-agents: --profile needs a value" >&2; exit 2; }
               profile="$2"; shift ;;
    --profile=*) profile="${1#--profile=}" ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    -*) echo "build-agents: unknown option: $1" >&2; exit 2 ;;
    *) triples+=("$1") ;;
  esac
  shift
done
[[ "$profile" =~ ^[a-z][a-z0-9_-]*$ ]] || { echo "build-agents: bad profile name '$profile'" >&2; exit 2; }
[ "${#triples[@]}" -gt 0 ] || triples=("${all_triples[@]}")
if [ "$profile" = dist ]; then max_bytes="${AGENT_MAX_BYTES-6000000}"; else max_bytes="${AGENT_MAX_BYTES:-}"; fi
[[ "$max_bytes" =~ ^[0-9]*$ ]] || { echo "build-agents: AGENT_MAX_BYTES must be a number of bytes" >&2; exit 2; }

log() { if [ "$quiet" = 0 ]; then echo "build-agents: $*" >&2; fi; }
die() { echo "build-agents: error: $*" >&2; exit 1; }

# `file` wording for each target's machine (checked so a wrong linker cannot slip through).
machine_re() {
  case "$1" in
    x86_64-*)  echo 'x86-64' ;;
    aarch64-*) echo 'ARM aarch64' ;;
    i686-*)    echo 'Intel (80386|i386)' ;;
    armv7-*)   echo 'ELF 32-bit LSB .*ARM, EABI5' ;;
    s390x-*)   echo 'ELF 64-bit MSB .*IBM S/390' ;;
    *) return 1 ;;
  esac
}
for t in "${triples[@]}"; do
  machine_re "$t" >/dev/null || die "unsupported triple '$t' (want one of: ${all_triples[*]})"
done

"$root/scripts/setup-debian-rust.sh" || die "scripts/setup-debian-rust.sh failed"
rustc_bin="$root/.tools/debian-rust/bin/rustc"
[ -x "$rustc_bin" ] || die "$rustc_bin missing after setup-debian-rust.sh"
command -v file >/dev/null || die "'file' is not installed (apt-get install file)"

# Cargo splits the per-target RUSTFLAGS at spaces, so the linker script's path must have none.
link_script="$root/agent/link/discard-unwind-tables.ld"
[ -f "$link_script" ] || die "$link_script is missing"
[[ "$link_script" != *[[:space:]]* ]] || die "the checkout's path has a space ('$root'): cargo cannot pass the linker script"

mkdir -p "$store" "$cross_dir"
errlog="$(mktemp)"
trap 'rm -f "$errlog"' EXIT

# Runs cargo for one triple in a subshell with the cross environment; retries on failure.
# Sets build_secs (the successful attempt's wall time) and build_tries.
build_one() {
  local t="$1" attempt=0 start
  while :; do
    start=$(date +%s.%N)
    if (
      # Every profile here aborts on panic, so nothing unwinds: the unwind tables are dead weight.
      # force-unwind-tables=no drops the agent's own (about 0.2 MB); the linker script drops those
      # of the precompiled std and glibc (agent/link/discard-unwind-tables.ld). A static-pie
      # (x86_64) packs its relative relocations as DT_RELR (glibc >= 2.36): 0.7 MB of .rela.dyn
      # becomes 8 KB.
      export CROSS_EXTRA_RUSTFLAGS="-C force-unwind-tables=no -C link-arg=-Wl,-T,$link_script -C link-arg=-Wl,-z,pack-relative-relocs${CROSS_EXTRA_RUSTFLAGS:+ $CROSS_EXTRA_RUSTFLAGS}"
      # shellcheck source=scripts/cross-env.sh
      source "$root/scripts/cross-env.sh" "$t"
      # A RUSTFLAGS in the environment would override the per-target +crt-static.
      unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_BUILD_TARGET
      export RUSTC="$rustc_bin" CARGO_TARGET_DIR="$cross_dir"
      cd "$root"
      exec cargo build --profile "$profile" -p rpyc-agent --target "$t"
    ) >"$errlog" 2>&1; then
      build_secs="$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')"
      build_tries=$((attempt + 1))
      return 0
    fi
    if [ "$attempt" -ge "$retries" ]; then
      tail -n 60 "$errlog" >&2
      die "cargo build for $t failed $((attempt + 1)) times (output above)"
    fi
    attempt=$((attempt + 1))
    log "cargo build for $t failed (attempt $attempt; crate being edited?):"
    if [ "$quiet" = 0 ]; then grep -E '^(error|warning: unused)' "$errlog" | head -n 5 | sed 's/^/  /' >&2 || true; fi
    log "retrying in ${delay}s ($((retries - attempt + 1)) attempts left)"
    sleep "$delay"
  done
}

# Runs the stored binary with --version: natively when this kernel can (x86_64; i686 with IA32
# emulation), else under the qemu runner cross-env.sh defines for the triple.
run_version() {
  local t="$1" bin="$2" out rc=0 runner up
  case "$t" in
    x86_64-*) "$bin" --version; return ;;
    i686-*) out="$("$bin" --version 2>&1)" || rc=$?
            if [ "$rc" = 0 ]; then printf '%s\n' "$out"; return 0; fi ;;
  esac
  up="$(printf '%s' "$t" | tr 'a-z-' 'A-Z_')"
  runner="$(source "$root/scripts/cross-env.sh" "$t"; v="CARGO_TARGET_${up}_RUNNER"; printf '%s' "${!v:-}")"
  [ -n "$runner" ] || { printf '%s\n' "${out:-}"; return 1; }
  local -a argv
  read -r -a argv <<<"$runner"
  command -v "${argv[0]}" >/dev/null || die "${argv[0]} missing (qemu-user-static; setup-debian-rust.sh)"
  "${argv[@]}" "$bin" --version
}

want_version="rpyc-agent $(sed -n 's/^version *= *"\(.*\)"/\1/p' "$root/agent/Cargo.toml" | head -n1)"
rows=()
for t in "${triples[@]}"; do
  log "building $t"
  build_one "$t"
  secs="$build_secs"

  # cargo's output directory: `release` for the release profile, else the profile's name.
  built="$cross_dir/$t/$profile/rpyc-agent"
  [ -f "$built" ] || die "cargo succeeded but $built is missing"
  dest="$store/rpyc-agent-$t"
  cp "$built" "$dest.tmp.$$"
  chmod 755 "$dest.tmp.$$"
  mv -f "$dest.tmp.$$" "$dest"

  finfo="$(file -b "$dest")"
  case "$finfo" in
    *"dynamically linked"*|*"interpreter "*) die "$dest is not static: $finfo" ;;
    *"statically linked"*|*"static-pie linked"*) ;;
    *) die "$dest: cannot tell from file(1) that it is static: $finfo" ;;
  esac
  [[ "$finfo" =~ $(machine_re "$t") ]] || die "$dest is not a $t binary: $finfo"
  [[ "$finfo" == *", stripped"* ]] || log "warning: $dest is not stripped: $finfo"

  ver="$(run_version "$t" "$dest" 2>&1)" || die "$dest --version failed: $ver"
  [ "$ver" = "$want_version" ] || die "$dest --version printed '$ver', expected '$want_version'"

  size="$(stat -c %s "$dest")"
  if [ -n "$max_bytes" ] && [ "$size" -gt "$max_bytes" ]; then
    die "$dest is $size bytes, over the budget of $max_bytes (AGENT_MAX_BYTES)"
  fi
  sum="$(sha256sum "$dest" | cut -d' ' -f1)"
  log "$t ok: ${size} bytes, ${secs}s (attempt $build_tries), $ver"
  rows+=("$t|$size|$sum|$secs|$build_tries")
done

printf '%-30s %10s  %-64s %8s %6s\n' TRIPLE BYTES SHA256 BUILD_S TRIES
for r in "${rows[@]}"; do
  IFS='|' read -r t size sum secs tries <<<"$r"
  printf '%-30s %10s  %-64s %8s %6s\n' "$t" "$size" "$sum" "$secs" "$tries"
done
