# shellcheck shell=bash
# Per-target cargo environment for static cross builds (linker, rustflags, qemu runner).
#
# Sourced:   source scripts/cross-env.sh s390x-unknown-linux-gnu
#            (or: source scripts/cross-env.sh; cross_env s390x-unknown-linux-gnu)
# Executed:  eval "$(scripts/cross-env.sh s390x-unknown-linux-gnu)"   # prints export lines
#
# For a triple T (upper-cased, '-' -> '_') it exports:
#   CARGO_TARGET_T_LINKER     the cross gcc (from gcc-<arch>-linux-gnu*, see setup-debian-rust.sh)
#   CARGO_TARGET_T_RUSTFLAGS  "-C target-feature=+crt-static"  (+ $CROSS_EXTRA_RUSTFLAGS)
#   CARGO_TARGET_T_RUNNER     "qemu-<arch>-static -L /usr/<gnu-triple>"   (not for x86_64: native)
#   CC_<t>, AR_<t>            the same cross gcc/ar for build scripts using the cc crate
#   CROSS_TARGET              T, for `cargo build --target "$CROSS_TARGET"`
# Then e.g.: RUSTC="$PWD/.tools/debian-rust/bin/rustc" cargo build --target "$CROSS_TARGET"
#
# Supported: x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu i686-unknown-linux-gnu
#            armv7-unknown-linux-gnueabihf s390x-unknown-linux-gnu
# Note: a RUSTFLAGS/CARGO_ENCODED_RUSTFLAGS in the environment takes precedence over
# CARGO_TARGET_T_RUSTFLAGS in cargo, and +crt-static would then be silently dropped; put extra
# flags in CROSS_EXTRA_RUSTFLAGS instead. Always pass --target (even for x86_64) so the flags do
# not reach build scripts and proc macros (which cannot be built with +crt-static).

cross_env() {
  local triple="${1:-}" print="${2:-}" gnu qemu
  case "$triple" in
    x86_64-unknown-linux-gnu)      gnu=x86_64-linux-gnu;      qemu= ;;
    aarch64-unknown-linux-gnu)     gnu=aarch64-linux-gnu;     qemu=aarch64 ;;
    i686-unknown-linux-gnu)        gnu=i686-linux-gnu;        qemu=i386 ;;
    armv7-unknown-linux-gnueabihf) gnu=arm-linux-gnueabihf;   qemu=arm ;;
    s390x-unknown-linux-gnu)       gnu=s390x-linux-gnu;       qemu=s390x ;;
    *)
      echo "cross-env: unsupported target '${triple}' (want one of: x86_64-unknown-linux-gnu" \
           "aarch64-unknown-linux-gnu i686-unknown-linux-gnu armv7-unknown-linux-gnueabihf" \
           "s390x-unknown-linux-gnu)" >&2
      return 2 ;;
  esac
  local up low flags
  up="$(printf '%s' "$triple" | tr 'a-z-' 'A-Z_')"
  low="$(printf '%s' "$triple" | tr '-' '_')"
  flags="-C target-feature=+crt-static${CROSS_EXTRA_RUSTFLAGS:+ $CROSS_EXTRA_RUSTFLAGS}"
  local -a vars=(
    "CROSS_TARGET=$triple"
    "CARGO_TARGET_${up}_LINKER=$gnu-gcc"
    "CARGO_TARGET_${up}_RUSTFLAGS=$flags"
    "CC_${low}=$gnu-gcc"
    "AR_${low}=$gnu-ar"
  )
  if [ -n "$qemu" ]; then
    vars+=("CARGO_TARGET_${up}_RUNNER=qemu-$qemu-static -L /usr/$gnu")
  fi
  local kv
  for kv in "${vars[@]}"; do
    if [ "$print" = --print ]; then
      printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
    else
      export "${kv?}"
    fi
  done
  if [ -z "$qemu" ] && [ "$print" != --print ]; then
    unset "CARGO_TARGET_${up}_RUNNER"
  fi
  return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  # Executed: print export lines for eval.
  [ $# -ge 1 ] || { echo "usage: eval \"\$($0 TARGET-TRIPLE)\"  or  source $0 TARGET-TRIPLE" >&2; exit 2; }
  cross_env "$1" --print
elif [ $# -ge 1 ]; then
  cross_env "$1"
fi
