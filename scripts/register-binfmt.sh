#!/usr/bin/env bash
# Registers qemu-user-static (from scripts/setup-debian-rust.sh) in binfmt_misc with the F
# ("fix binary": interpreter opened at registration) flag, so foreign static binaries run
# directly: ./target/s390x-unknown-linux-gnu/debug/foo.
#
# Use:  scripts/register-binfmt.sh [-q] [ARCH...]     ARCH default: aarch64 arm s390x (+ i386
#       only if this kernel cannot run i386 ELF natively). Exit 0 also when not permitted
#       (message on stderr): callers should keep using the qemu runner from cross-env.sh.
# Idempotent: entries already registered with F and an existing interpreter are left alone.
# Uses Debian's own registration lines (/usr/lib/binfmt.d/qemu-ARCH.conf, flags OPF).
set -uo pipefail

quiet=0
archs=()
for a in "$@"; do
  case "$a" in
    -q|--quiet) quiet=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) archs+=("$a") ;;
  esac
done
say() { if [ "$quiet" = 0 ]; then echo "register-binfmt: $*" >&2; fi; }
skip() { echo "register-binfmt: skipped: $*" >&2; exit 0; }

mnt=/proc/sys/fs/binfmt_misc
if [ ! -e "$mnt/register" ]; then
  [ "$(id -u)" = 0 ] || skip "binfmt_misc not mounted and not root"
  grep -qw binfmt_misc /proc/filesystems 2>/dev/null || modprobe binfmt_misc 2>/dev/null || true
  mount -t binfmt_misc binfmt_misc "$mnt" 2>/dev/null \
    || skip "cannot mount binfmt_misc on $mnt (not permitted here?)"
fi
[ -w "$mnt/register" ] || skip "$mnt/register not writable (not root / read-only in this container?)"
if [ -e "$mnt/status" ] && [ "$(cat "$mnt/status")" != enabled ]; then
  echo 1 >"$mnt/status" 2>/dev/null || skip "binfmt_misc is disabled and cannot be enabled"
fi

# i386 line (Debian ships neither it nor an i386-binfmt-P link on amd64, where i386 normally
# runs natively): magic/mask as in qemu's scripts/qemu-binfmt-conf.sh, plain F flag.
i386_line=':qemu-i386:M::\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00:\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-i386-static:F'

native_i386() {
  # Run a 91-byte static i386 ELF that does exit(42): works natively when the kernel has IA32
  # emulation (then qemu-i386 must NOT be registered: binfmt_misc would take over i386 ELFs).
  local f rc=0
  f="$(mktemp "${TMPDIR:-/tmp}/i386probe.XXXXXX")" || return 1
  printf '\x7f\x45\x4c\x46\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00\x01\x00\x00\x00\x54\x80\x04\x08\x34\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x34\x00\x20\x00\x01\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x80\x04\x08\x00\x80\x04\x08\x5b\x00\x00\x00\x5b\x00\x00\x00\x05\x00\x00\x00\x00\x10\x00\x00\xb3\x2a\x31\xc0\x40\xcd\x80' >"$f"
  chmod +x "$f"
  "$f" 2>/dev/null || rc=$?
  rm -f "$f"
  [ "$rc" = 42 ]
}

if [ "${#archs[@]}" = 0 ]; then
  archs=(aarch64 arm s390x)
  if [ "$(uname -m)" = x86_64 ] && ! native_i386; then archs+=(i386); fi
fi

rc=0
for arch in "${archs[@]}"; do
  name="qemu-$arch"
  conf="/usr/lib/binfmt.d/$name.conf"
  if [ -r "$conf" ]; then
    line="$(grep -v '^#' "$conf" | head -n1)"
  elif [ "$arch" = i386 ]; then
    line="$i386_line"
  else
    say "no $conf (is qemu-user-static installed? scripts/setup-debian-rust.sh)"; rc=1; continue
  fi
  interp="$(printf '%s' "$line" | awk -F: '{print $(NF-1)}')"
  [ -x "$interp" ] || { say "interpreter $interp missing (qemu-user-static?)"; rc=1; continue; }
  entry="$mnt/$name"
  if [ -e "$entry" ]; then
    if grep -qx enabled "$entry" && grep -q '^flags:.*F' "$entry" \
       && grep -qx "interpreter $interp" "$entry"; then
      say "$name already registered"
      continue
    fi
    echo -1 >"$entry" 2>/dev/null || { say "cannot remove stale $name entry"; rc=1; continue; }
  fi
  if printf '%s' "$line" >"$mnt/register" 2>/dev/null; then
    say "registered $name -> $interp (flags $(sed -n 's/^flags: //p' "$entry"))"
  else
    say "could not register $name (not permitted?)"; rc=1
  fi
done
# Failing to register is not fatal for callers: they fall back to the qemu runner.
[ "$rc" = 0 ] || say "some registrations failed; use CARGO_TARGET_*_RUNNER from scripts/cross-env.sh"
exit 0
