#!/usr/bin/env bash
# Installs the MSRV toolchain the protocol/agent crates must build with: Debian bookworm's
# rustc-web 1.85 (plus libstd for x86_64, aarch64, armv7, i686, s390x, and libllvm19), unpacked
# (dpkg -x, not installed) into .tools/debian-rust/ next to this repo. Also apt-installs the
# cross linkers (gcc-{aarch64,arm,i686,s390x}-linux-*) and qemu-user-static.
#
# Use:  scripts/setup-debian-rust.sh [--force] [-v]
#       RUSTC="$PWD/.tools/debian-rust/bin/rustc" cargo build -p rpyc-protocol --target ...
#       (see scripts/cross-env.sh for the per-target linker/runner/rustflags variables)
#
# Idempotent: a stamp file makes a second run a fast no-op (prints nothing). --force reinstalls.
# Needs root (apt-get, dpkg --add-architecture). Environment overrides:
#   DEBIAN_RUST_VERSION  Debian version of rustc-web/libstd-rust-web-dev (default below)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.tools/debian-rust"
version="${DEBIAN_RUST_VERSION:-1.85.0+dfsg3-1~deb12u3}"
rust_minor="$(printf '%s' "$version" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')"   # 1.85
foreign_arches=(arm64 armhf i386 s390x)
rust_targets=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu armv7-unknown-linux-gnueabihf
              i686-unknown-linux-gnu s390x-unknown-linux-gnu)
# Host packages: cross linkers and their libc6-dev-<arch>-cross (crt1.o, libc.a for +crt-static;
# only a Recommends of gcc-<arch>-linux-gnu, so named here because we skip recommends), qemu,
# the host libc.a, and the shared libraries libLLVM-19 links against (libllvm19 itself is
# unpacked, not installed, so apt does not pull these for us).
host_pkgs=(gcc libc6-dev binutils
           gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-arm-linux-gnueabihf libc6-dev-armhf-cross
           gcc-i686-linux-gnu libc6-dev-i386-cross gcc-s390x-linux-gnu libc6-dev-s390x-cross
           qemu-user-static libedit2 libffi8 libxml2 libz3-4 libzstd1 zlib1g)
# Debs to unpack (pkg[:arch]=version).
debs=("rustc-web=$version" "libstd-rust-web-$rust_minor=$version" "libstd-rust-web-dev=$version" libllvm19)
for a in "${foreign_arches[@]}"; do debs+=("libstd-rust-web-dev:$a=$version"); done

force=0 verbose=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -v|--verbose) verbose=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "setup-debian-rust: unknown argument: $arg" >&2; exit 2 ;;
  esac
done
log() { if [ "$verbose" = 1 ]; then echo "setup-debian-rust: $*" >&2; fi; }
die() { echo "setup-debian-rust: error: $*" >&2; exit 1; }

stamp="$dest/.stamp"
want_stamp="version=$version debs=${debs[*]} targets=${rust_targets[*]} layout=1"

host_pkgs_ok() {
  local out
  out="$(dpkg-query -W -f='${db:Status-Status}\n' "${host_pkgs[@]}" 2>/dev/null)" || return 1
  ! printf '%s\n' "$out" | grep -qvx installed
}
toolchain_ok() {
  [ "$(cat "$stamp" 2>/dev/null)" = "$want_stamp" ] && [ -x "$dest/bin/rustc" ] \
    && [ -x "$dest/root/usr/bin/rustc" ]
}

# ---- fast path ------------------------------------------------------------------------------
need_tool=1 need_host=1
if [ "$force" = 0 ]; then
  toolchain_ok && need_tool=0
  host_pkgs_ok && need_host=0
fi
[ "$need_tool$need_host" = 00 ] && exit 0

[ "$(id -u)" = 0 ] || die "must run as root (apt-get, dpkg --add-architecture)"
export DEBIAN_FRONTEND=noninteractive
aptlog="$(mktemp)"
trap 'rm -f "$aptlog"' EXIT

# ---- foreign architectures + package lists --------------------------------------------------
added=0
if [ "$need_tool" = 1 ]; then
  have_arches=" $(dpkg --print-foreign-architectures | tr '\n' ' ') "
  for a in "${foreign_arches[@]}"; do
    if [[ "$have_arches" != *" $a "* ]]; then
      log "dpkg --add-architecture $a"
      dpkg --add-architecture "$a"
      added=1
    fi
  done
fi

# Can apt resolve all the needed debs (at the pinned version) and host packages? One apt call
# (each costs seconds here); on failure its "E:" lines, naming what is missing, are on stdout.
missing_candidates() {
  local -a specs=()
  [ "$need_tool" = 1 ] && specs+=("${debs[@]}")
  [ "$need_host" = 1 ] && specs+=("${host_pkgs[@]}")
  apt-get download --print-uris "${specs[@]}" 2>&1 >/dev/null | grep '^E:' || true
}

apt_update() {
  # With foreign architectures enabled, apt-get update on these machines usually fails to fetch
  # some bookworm-security index for armhf/i386 and exits 100 although everything we need comes
  # from bookworm main. Tolerate exactly that: a failure whose errors all name a foreign-arch
  # index; anything else (or packages still missing afterwards) is a real error.
  local rc=0 bad arch_re
  log "apt-get update"
  apt-get update >"$aptlog" 2>&1 || rc=$?
  if [ "$rc" != 0 ]; then
    arch_re="$(IFS='|'; echo "${foreign_arches[*]}")"
    bad="$(grep -E '^(E|Err):' "$aptlog" \
            | grep -vE "binary-($arch_re)/|main ($arch_re) Packages|^E: Some index files failed to download" || true)"
    if [ -n "$bad" ]; then
      cat "$aptlog" >&2
      die "apt-get update failed (exit $rc) with errors not limited to foreign-arch indexes"
    fi
    log "apt-get update exited $rc; only foreign-arch indexes failed (ignored):"
    if [ "$verbose" = 1 ]; then grep -E '^Err:' "$aptlog" | sed 's/^/  /' >&2 || true; fi
  fi
}

miss="$(missing_candidates)"
if [ "$added" = 1 ] || [ -n "$miss" ]; then
  apt_update
  miss="$(missing_candidates)"
  if [ -n "$miss" ]; then
    printf '%s\n' "$miss" >&2
    die "apt cannot provide the packages above (if Debian moved bookworm's rustc-web past $version, set\
 DEBIAN_RUST_VERSION to a 1.85 one that 'apt-cache policy rustc-web' lists)"
  fi
fi

# ---- host packages: cross linkers + libc, qemu, libLLVM's shared-library deps ----------------
if [ "$need_host" = 1 ]; then
  log "apt-get install ${host_pkgs[*]}"
  if ! apt-get install -y -q --no-install-recommends "${host_pkgs[@]}" >"$aptlog" 2>&1; then
    cat "$aptlog" >&2
    die "apt-get install ${host_pkgs[*]} failed"
  fi
fi
[ "$need_tool" = 1 ] || exit 0

# ---- download + unpack the Debian rust toolchain --------------------------------------------
mkdir -p "$dest"
work="$(mktemp -d "$dest/.tmp.XXXXXX")"
trap 'rm -rf "$work" "$aptlog"' EXIT
mkdir "$work/debs" "$work/root"
log "apt-get download ${debs[*]}"
if ! ( cd "$work/debs" && apt-get download -q -o APT::Sandbox::User=root "${debs[@]}" ) >"$aptlog" 2>&1
then
  cat "$aptlog" >&2
  die "apt-get download ${debs[*]} failed"
fi
for d in "$work"/debs/*.deb; do
  dpkg -x "$d" "$work/root"
done
# Keep only what a compiler needs (drop docs/man/lintian to save space).
rm -rf "$work/root/usr/share/doc" "$work/root/usr/share/man" "$work/root/usr/share/lintian"

# Wrappers: the real rustc/rustdoc link librustc_driver-*.so and libLLVM.so.19.1 with no RPATH;
# both live in usr/lib/x86_64-linux-gnu of the unpacked tree. The sysroot needs no flag: rustc
# derives it from its own path (usr/bin/rustc -> usr), which holds lib/rustlib/<target>/lib.
mkdir -p "$work/bin"
for tool in rustc rustdoc; do
  cat >"$work/bin/$tool" <<'EOF'
#!/bin/sh
# Generated by scripts/setup-debian-rust.sh: runs Debian's unpacked rustc-web toolchain.
here="$(cd "$(dirname "$0")/.." && pwd -P)"
LD_LIBRARY_PATH="$here/root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH
exec "$here/root/usr/bin/@TOOL@" "$@"
EOF
  sed -i "s/@TOOL@/$tool/" "$work/bin/$tool"
  chmod 755 "$work/bin/$tool"
done

# Check before swapping in.
got="$("$work/bin/rustc" --version)" || die "unpacked rustc does not run"
case "$got" in "rustc $rust_minor."*) ;; *) die "unpacked rustc says '$got', wanted $rust_minor" ;; esac
sysroot="$("$work/bin/rustc" --print sysroot)"
for t in "${rust_targets[@]}"; do
  ls "$sysroot/lib/rustlib/$t/lib/"libstd-*.rlib >/dev/null 2>&1 || die "no std for $t in $sysroot"
done

rm -rf "${dest:?}/root" "${dest:?}/bin"
mv "$work/root" "$dest/root"
mv "$work/bin" "$dest/bin"
echo "$want_stamp" >"$stamp"
log "installed $("$dest/bin/rustc" --version) in $dest"
