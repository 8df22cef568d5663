#!/usr/bin/env bash
# A test fleet of SSH hosts on this machine, for rpyctl's end-to-end tests and benchmarks.
#
# Use:  scripts/fleet.sh up|down|status [-q]          (root; Linux network namespaces)
#
# Each host is a network namespace rpyctl-NAME joined to the root namespace by a veth pair
# (point to point: root side 10.213.7.1, host side 10.213.7.N; no default route, no forwarding,
# so traffic flows only between the root namespace and each host). In it runs a real OpenSSH
# sshd (-D, own config/host key/log/pidfile under target/fleet/hosts/NAME/) on NAME's address,
# port 22, key-only root login with target/fleet/id_ed25519, in a private UTS namespace
# (`uname -n` = NAME) and mount namespace (scripts/fleet/host-init.sh):
#   x86a     x86_64   the machine's own userland (private /tmp)
#   s390x    s390x    chroot (sshd ChrootDirectory) of Debian busybox-static:s390x, run by
#   armv7    armv7l   qemu-user-static through binfmt_misc (flag F), so `uname -m`, /bin/sh
#   aarch64  aarch64  and uploaded static agents are that architecture's
#   i686     i686     busybox-static:i386 chroot, native 32-bit, under `setarch i686`
# Chroots are target/fleet/hosts/NAME/root, or, when a group- or world-writable directory (/tmp)
# is above the checkout (sshd would refuse the ChrootDirectory), links to
# /var/lib/rpyctl-fleet/<hash>/NAME/root.
# Files written (absolute paths inside): target/fleet/inventory.yml (Ansible YAML inventory),
# known_hosts, ssh_config (ssh -F target/fleet/ssh_config s390x 'uname -m'), id_ed25519.
#
#   up      tears down leftovers, installs missing packages (openssh-server, busybox-static
#           debs cached in .tools/fleet/), starts every host, checks each over SSH, prints a
#           table (host, address, arch, uname -m over SSH, ms for one `ssh host true`)
#   down    kills every process in the rpyctl-* namespaces, deletes them and their veths
#   status  table of what is up; exit 0 iff every host is up
# Environment: FLEET_HOSTS (subset, default "x86a s390x armv7 aarch64 i686"),
#   FLEET_NET (first three octets, default 10.213.7), FLEET_DIR (default target/fleet).
set -euo pipefail
umask 022

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fleet="${FLEET_DIR:-$root/target/fleet}"
cache="$root/.tools/fleet"
net="${FLEET_NET:-10.213.7}"
prefix=rpyctl-
read -r -a hosts <<<"${FLEET_HOSTS:-x86a s390x armv7 aarch64 i686}"

# name -> "octet debian-arch uname-m agent-triple personality"
host_info() {
  case "$1" in
    x86a)    echo "10 native x86_64 x86_64-unknown-linux-gnu -" ;;
    s390x)   echo "11 s390x s390x s390x-unknown-linux-gnu -" ;;
    armv7)   echo "12 armhf armv7l armv7-unknown-linux-gnueabihf -" ;;
    aarch64) echo "13 arm64 aarch64 aarch64-unknown-linux-gnu -" ;;
    i686)    echo "14 i386 i686 i686-unknown-linux-gnu i686" ;;
    *) return 1 ;;
  esac
}
qemu_of() { case "$1" in s390x) echo s390x ;; armhf) echo arm ;; arm64) echo aarch64 ;; *) ;; esac; }

cmd="${1:-}"
quiet=0
for a in "${@:2}"; do
  case "$a" in -q|--quiet) quiet=1 ;; *) echo "fleet: unknown argument: $a" >&2; exit 2 ;; esac
done
log() { if [ "$quiet" = 0 ]; then echo "fleet: $*" >&2; fi; }
die() { echo "fleet: error: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }

case "$cmd" in
  up|down|status) ;;
  -h|--help|help) sed -n '2,29p' "$0"; exit 0 ;;
  *) echo "usage: $0 up|down|status [-q]" >&2; exit 2 ;;
esac
[ "$(id -u)" = 0 ] || die "must run as root (network namespaces, sshd)"
for h in "${hosts[@]}"; do host_info "$h" >/dev/null || die "unknown host '$h' in FLEET_HOSTS"; done

mkdir -p "$fleet/hosts"
exec 9>"$fleet/.lock"
flock -w 120 9 || die "another scripts/fleet.sh holds $fleet/.lock"

# ---- down ------------------------------------------------------------------------------------
# Is PID one of our sshds (started with a config under $fleet)?
our_sshd() {
  local pid="$1" cmdline
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *sshd\ -D\ -f\ "$fleet"/hosts/* ]]
}
# Alive and not a zombie (our sshds are reparented to pid 1, which may reap them late).
alive() { local st; st="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" && [ -n "$st" ] && [ "$st" != Z ]; }
kill_wait() {  # pids...: TERM, wait up to 3 s, then KILL
  local pid i alive
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do
    alive=0
    for pid in "$@"; do if alive "$pid"; then alive=1; fi; done
    [ "$alive" = 1 ] || return 0
    sleep 0.05
  done
  kill -KILL "$@" 2>/dev/null || true
}
fleet_down() {
  local ns d pid
  local -a nss=() pids=()
  mapfile -t nss < <(ip netns list 2>/dev/null | awk -v p="$prefix" 'index($1, p) == 1 { print $1 }')
  # Every process in one of our namespaces (sshds, sessions, agents a test left running).
  for ns in "${nss[@]}"; do
    mapfile -t -O "${#pids[@]}" pids < <(ip netns pids "$ns" 2>/dev/null)
  done
  kill_wait "${pids[@]}"
  for ns in "${nss[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  # sshds whose namespace was already deleted by hand (ip netns del does not kill processes).
  for d in "$fleet"/hosts/*/; do
    pid="$(cat "$d/sshd.pid" 2>/dev/null || true)"
    if our_sshd "$pid"; then kill_wait "$pid"; fi
    rm -f "$d/sshd.pid"
  done
  # Root-side veth ends normally die with their peers; remove any leftover.
  while read -r d; do
    ip link del "$d" 2>/dev/null || true
  done < <(ip -o link show type veth 2>/dev/null | awk -F': ' -v p="$prefix" 'index($2, p) == 1 { sub(/@.*/, "", $2); print $2 }')
  rm -f "$fleet/inventory.yml" "$fleet/known_hosts" "$fleet/ssh_config"
  log "down: removed ${#nss[@]} namespace(s), stopped ${#pids[@]} process(es)"
}

# ---- status ----------------------------------------------------------------------------------
fleet_status() {
  local h o arch um triple pers pid state all=0
  printf '%-8s %-12s %-8s %-12s %-8s %s\n' HOST ADDRESS ARCH NETNS SSHD PID
  for h in "${hosts[@]}"; do
    read -r o arch um triple pers <<<"$(host_info "$h")"
    state=down
    pid="$(cat "$fleet/hosts/$h/sshd.pid" 2>/dev/null || true)"
    if our_sshd "$pid"; then state=up; else pid=-; all=1; fi
    if ip netns list 2>/dev/null | grep -qw "$prefix$h"; then ns=present; else ns=absent; all=1; fi
    printf '%-8s %-12s %-8s %-12s %-8s %s\n' "$h" "$net.$o" "$um" "$ns" "$state" "$pid"
  done
  [ -f "$fleet/ssh_config" ] && echo "ssh -F $fleet/ssh_config HOST   (inventory: $fleet/inventory.yml)"
  return "$all"
}

case "$cmd" in
  down) fleet_down; exit 0 ;;
  status) fleet_status; exit $? ;;
esac

# ---- up: packages ----------------------------------------------------------------------------
t_start=$(now_ms)
export DEBIAN_FRONTEND=noninteractive
need_arches=()
for h in "${hosts[@]}"; do
  read -r _ arch _ _ _ <<<"$(host_info "$h")"
  [ "$arch" = native ] || need_arches+=("$arch")
done

pkgs=(openssh-server openssh-client iproute2 util-linux)
[ "${#need_arches[@]}" -gt 0 ] && pkgs+=(qemu-user-static)
apt_updated=0
apt_update() {
  # Like scripts/setup-debian-rust.sh: with foreign architectures enabled, apt-get update often
  # fails on some bookworm-security foreign-arch index; tolerate exactly that.
  [ "$apt_updated" = 0 ] || return 0
  local rc=0 bad out
  out="$(apt-get update 2>&1)" || rc=$?
  if [ "$rc" != 0 ]; then
    bad="$(printf '%s\n' "$out" | grep -E '^(E|Err):' \
           | grep -vE 'binary-(arm64|armhf|i386|s390x)/|main (arm64|armhf|i386|s390x) Packages|^E: Some index files failed to download' || true)"
    [ -z "$bad" ] || { printf '%s\n' "$out" >&2; die "apt-get update failed"; }
  fi
  apt_updated=1
}
missing=()
for p in "${pkgs[@]}"; do
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  apt_update
  # Never start (policy-rc.d) nor keep enabled the system sshd: the fleet runs its own.
  policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d
    policy_added=1
  fi
  rc=0; out="$(apt-get install -y -q --no-install-recommends "${missing[@]}" 2>&1)" || rc=$?
  [ "$policy_added" = 0 ] || rm -f /usr/sbin/policy-rc.d
  [ "$rc" = 0 ] || { printf '%s\n' "$out" >&2; die "apt-get install ${missing[*]} failed"; }
  if [[ " ${missing[*]} " == *" openssh-server "* ]]; then
    systemctl disable ssh.service ssh.socket >/dev/null 2>&1 || true
  fi
fi
[ -x /usr/sbin/sshd ] || die "/usr/sbin/sshd missing"

# busybox-static debs per foreign arch, cached (one apt-get call: each costs seconds).
mkdir -p "$cache"
dl=()
for arch in "${need_arches[@]}"; do
  [ -s "$cache/busybox-static_$arch.deb" ] && continue
  if [[ " $(dpkg --print-foreign-architectures | tr '\n' ' ') " != *" $arch "* ]]; then
    dpkg --add-architecture "$arch"; apt_updated=0
  fi
  dl+=("busybox-static:$arch")
done
if [ "${#dl[@]}" -gt 0 ]; then
  log "downloading ${dl[*]}"
  tmp="$(mktemp -d "$cache/.dl.XXXXXX")"
  if ! (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "${dl[@]}") >/dev/null 2>&1; then
    apt_update
    (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "${dl[@]}") >/dev/null \
      || { rm -rf "$tmp"; die "apt-get download ${dl[*]} failed"; }
  fi
  for d in "${dl[@]}"; do
    arch="${d#*:}"
    mv "$tmp"/busybox-static_*_"$arch".deb "$cache/busybox-static_$arch.deb"
  done
  rm -rf "$tmp"
fi

# binfmt_misc with F for every emulated arch: the chroot has no qemu in it.
for arch in "${need_arches[@]}"; do
  q="$(qemu_of "$arch")"; [ -n "$q" ] || continue
  e="/proc/sys/fs/binfmt_misc/qemu-$q"
  if ! { grep -qx enabled "$e" && grep -q '^flags:.*F' "$e"; } 2>/dev/null; then
    "$root/scripts/register-binfmt.sh" -q "$q"
    { grep -qx enabled "$e" && grep -q '^flags:.*F' "$e"; } 2>/dev/null \
      || die "qemu-$q is not registered in binfmt_misc with flag F (scripts/register-binfmt.sh)"
  fi
done

# ---- up: tear down, keys ---------------------------------------------------------------------
quiet_save=$quiet; quiet=1; fleet_down; quiet=$quiet_save
for h in "${hosts[@]}"; do
  read -r o _ _ _ _ <<<"$(host_info "$h")"
  if ip -4 -o addr show | grep -v " $prefix" | grep -qF " $net.$o/"; then
    die "$net.$o is already used on this machine (set FLEET_NET)"
  fi
done
[ -f "$fleet/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C rpyctl-fleet -f "$fleet/id_ed25519"
chmod 600 "$fleet/id_ed25519"
cp "$fleet/id_ed25519.pub" "$fleet/authorized_keys"
mkdir -p /run/sshd   # sshd's privilege-separation directory (systemd's RuntimeDirectory)

shadow_line() { printf '%s:*:19000:0:99999:7:::\n' "$1"; }

# sshd refuses a ChrootDirectory with any path component not owned by root or writable by group
# or others (a checkout under /tmp, say). Then the chroots live in /var/lib/rpyctl-fleet/<hash of
# this checkout's fleet dir>/NAME/root, with a link at hosts/NAME/root.
chroots_fit_in_checkout() {
  local p="$fleet/hosts" st
  while :; do
    st="$(stat -c '%u %a' "$p")" || return 1
    [ "${st%% *}" = 0 ] && (( (8#${st#* } & 8#022) == 0 )) || return 1
    [ "$p" = / ] && return 0
    p="$(dirname "$p")"
  done
}
if chroots_fit_in_checkout; then
  roots="$fleet/hosts"
else
  roots="/var/lib/rpyctl-fleet/$(printf '%s' "$fleet" | sha256sum | cut -c1-12)"
  log "chroots in $roots: sshd refuses chroots under $fleet (a group- or world-writable ancestor)"
fi

# Minimal foreign userland: busybox + applet links, /etc, mount points for host-init.sh.
build_root() {
  local h="$1" arch="$2" r="$roots/$1/root" d
  rm -rf "$r" "$r.new"
  (umask 022; mkdir -p "$roots/$h")
  mkdir -p "$r.new"
  dpkg -x "$cache/busybox-static_$arch.deb" "$r.new"
  rm -rf "$r.new/usr/share"
  mkdir -p "$r.new"/{proc,sys,dev/pts,tmp,var/tmp,run,root,etc,usr/bin,usr/sbin,sbin}
  chmod 1777 "$r.new/tmp" "$r.new/var/tmp"
  chmod 700 "$r.new/root"
  for d in null zero full random urandom tty; do : >"$r.new/dev/$d"; done
  ln -s pts/ptmx "$r.new/dev/ptmx"
  ln -s /proc/self/fd "$r.new/dev/fd"
  # Runs the foreign busybox (binfmt_misc) to create its applet symlinks.
  chroot "$r.new" /bin/busybox --install -s \
    || die "cannot run $arch busybox in $r.new (binfmt_misc/qemu?)"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r.new/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r.new/etc/group"
  { shadow_line root; shadow_line nobody; } >"$r.new/etc/shadow"
  chmod 600 "$r.new/etc/shadow"
  echo "$h" >"$r.new/etc/hostname"
  printf '127.0.0.1\tlocalhost\n%s.1\tcontroller\n%s\t%s\n' "$net" "$3" "$h" >"$r.new/etc/hosts"
  printf 'PRETTY_NAME="rpyctl fleet %s (busybox)"\nNAME="rpyctl fleet"\nID=rpyctl-fleet\nVERSION_ID="1"\n' \
    "$h" >"$r.new/etc/os-release"
  echo /bin/sh >"$r.new/etc/shells"
  mv "$r.new" "$r"
  if [ "$r" != "$fleet/hosts/$h/root" ]; then
    rm -rf "$fleet/hosts/$h/root"
    ln -s "$r" "$fleet/hosts/$h/root"
  fi
}

# ---- up: hosts -------------------------------------------------------------------------------
: >"$fleet/known_hosts.new"
for h in "${hosts[@]}"; do
  read -r o arch um triple pers <<<"$(host_info "$h")"
  hd="$fleet/hosts/$h"
  addr="$net.$o"
  mkdir -p "$hd"
  [ -f "$hd/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C "$h" -f "$hd/ssh_host_ed25519_key"
  chmod 600 "$hd/ssh_host_ed25519_key"
  echo "$addr $(cut -d' ' -f1,2 "$hd/ssh_host_ed25519_key.pub")" >>"$fleet/known_hosts.new"
  rm -f "$hd/passwd" "$hd/group" "$hd/shadow" "$hd/sshd.log"

  chroot_line=""
  if [ "$arch" = native ]; then
    mode=native
    # sshd (UsePAM no) refuses a locked root ('!' in shadow): give this host's sshd a copy
    # with root unlocked (login stays key-only).
    if getent shadow root | cut -d: -f2 | grep -q '^!'; then
      (umask 077; sed -E 's/^root:![^:]*:/root:*:/' /etc/shadow >"$hd/shadow")
    fi
  else
    mode=chroot
    build_root "$h" "$arch" "$addr"
    chroot_line="ChrootDirectory $roots/$h/root"
    # What sshd sees before chrooting (bound over /etc/* in the host's mount namespace only):
    # root with /bin/sh (busybox has no bash), plus sshd's privilege-separation user.
    { echo 'root:x:0:0:root:/root:/bin/sh'; getent passwd sshd nobody; } >"$hd/passwd"
    { echo 'root:x:0:'; getent group nogroup; } >"$hd/group"
    (umask 077; for u in root sshd nobody; do shadow_line "$u"; done >"$hd/shadow")
  fi

  cat >"$hd/sshd_config" <<EOF
# Generated by scripts/fleet.sh up: fleet host $h ($um), run in netns $prefix$h.
ListenAddress $addr:22
AddressFamily inet
HostKey $hd/ssh_host_ed25519_key
PidFile $hd/sshd.pid
AuthorizedKeysFile $fleet/authorized_keys
PermitRootLogin prohibit-password
AllowUsers root
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
UseDNS no
PrintMotd no
PrintLastLog no
X11Forwarding no
AllowTcpForwarding yes
AllowStreamLocalForwarding yes
StreamLocalBindUnlink yes
MaxStartups 256
MaxSessions 256
LoginGraceTime 30
LogLevel INFO
Subsystem sftp internal-sftp
$chroot_line
EOF

  ns="$prefix$h"
  ip netns add "$ns"
  ip link add "$ns" type veth peer name eth0 netns "$ns"
  sysctl -qw "net.ipv6.conf.$ns.disable_ipv6=1" 2>/dev/null || true
  ip addr add "$net.1" peer "$addr/32" dev "$ns"
  ip link set "$ns" up
  ip -n "$ns" link set lo up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1 2>/dev/null || true
  ip -n "$ns" addr add "$addr" peer "$net.1/32" dev eth0
  ip -n "$ns" link set eth0 up

  [ "$pers" = - ] && pers=""
  setsid ip netns exec "$ns" unshare --uts --mount --propagation private \
    /bin/sh "$root/scripts/fleet/host-init.sh" "$h" "$hd" "$mode" "$pers" \
    </dev/null >"$hd/console.log" 2>&1 &
done
mv "$fleet/known_hosts.new" "$fleet/known_hosts"

# ---- up: client files ------------------------------------------------------------------------
{
  echo "# Generated by scripts/fleet.sh up. Use: ssh -F $fleet/ssh_config HOST"
  for h in "${hosts[@]}"; do
    read -r o _ _ _ _ <<<"$(host_info "$h")"
    printf 'Host %s\n  HostName %s\n' "$h" "$net.$o"
  done
  echo "Host ${hosts[*]} $net.*"
  cat <<EOF
  User root
  Port 22
  IdentityFile $fleet/id_ed25519
  IdentitiesOnly yes
  IdentityAgent none
  UserKnownHostsFile $fleet/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  CheckHostIP no
  UpdateHostKeys no
  BatchMode yes
  PasswordAuthentication no
  ConnectTimeout 10
  ControlMaster no
  ControlPath none
  LogLevel ERROR
EOF
} >"$fleet/ssh_config"

{
  echo "# Generated by scripts/fleet.sh up: the local SSH test fleet (scripts/fleet.sh status)."
  echo "all:"
  echo "  children:"
  echo "    fleet:"
  printf '      vars: {rpyc_transport: ssh, ansible_user: root, ansible_port: 22, ansible_ssh_private_key_file: "%s", rpyc_ssh_known_hosts: "%s", ansible_ssh_common_args: "-F %s"}\n' \
    "$fleet/id_ed25519" "$fleet/known_hosts" "$fleet/ssh_config"
  echo "      hosts:"
  for h in "${hosts[@]}"; do
    read -r o _ um triple _ <<<"$(host_info "$h")"
    printf '        %s: {ansible_host: %s, fleet_arch: %s, fleet_triple: %s}\n' "$h" "$net.$o" "$um" "$triple"
  done
} >"$fleet/inventory.yml"

# ---- up: wait + check ------------------------------------------------------------------------
failed=0
for h in "${hosts[@]}"; do
  hd="$fleet/hosts/$h"
  for ((i = 0; i < 100; i++)); do
    pid="$(cat "$hd/sshd.pid" 2>/dev/null || true)"
    our_sshd "$pid" && break
    sleep 0.05
  done
  if ! our_sshd "$pid"; then
    echo "fleet: $h: sshd did not start; $hd/console.log, sshd.log:" >&2
    tail -n 20 "$hd/console.log" "$hd/sshd.log" >&2 2>/dev/null || true
    failed=1
  fi
done
[ "$failed" = 0 ] || { fleet_down; die "some hosts failed to start (fleet torn down)"; }

# Check all hosts in parallel: `uname -m; uname -n`, then time one `ssh host true`.
sshf=(ssh -F "$fleet/ssh_config")
check_host() {
  local h="$1" out="$2" got t0 rt=-
  got="$("${sshf[@]}" "$h" 'uname -m; uname -n' 2>&1)" || true
  t0=$(now_ms)
  if "${sshf[@]}" "$h" true 2>/dev/null; then rt=$(($(now_ms) - t0)); fi
  printf '%s\n%s\n' "$rt" "$got" >"$out"
}
checks=()
for h in "${hosts[@]}"; do check_host "$h" "$fleet/hosts/$h/check.out" & checks+=($!); done
wait "${checks[@]}"   # not a bare wait: the sshd launches are background jobs too
rows=()
for h in "${hosts[@]}"; do
  read -r o _ um _ _ <<<"$(host_info "$h")"
  { read -r rt; got="$(cat)"; } <"$fleet/hosts/$h/check.out"
  rm -f "$fleet/hosts/$h/check.out"
  m="$(sed -n 1p <<<"$got")"; n="$(sed -n 2p <<<"$got")"
  ok=ok
  if [ "$m" != "$um" ] || [ "$n" != "$h" ] || [ "$rt" = - ]; then
    ok=FAIL; failed=1
    echo "fleet: $h: expected uname -m '$um', uname -n '$h'; ssh said: $got" >&2
  fi
  rows+=("$h $net.$o $um ${m:--} $rt $ok")
done

printf '%-8s %-12s %-8s %-10s %-8s %s\n' HOST ADDRESS ARCH UNAME_M SSH_MS CHECK
for r in "${rows[@]}"; do
  read -r a b c d e f <<<"$r"
  printf '%-8s %-12s %-8s %-10s %-8s %s\n' "$a" "$b" "$c" "$d" "$e" "$f"
done
[ "$failed" = 0 ] || die "fleet is up but some hosts failed the SSH check (scripts/fleet.sh down to clean up)"
log "up in $(( $(now_ms) - t_start ))ms: ssh -F $fleet/ssh_config HOST; inventory $fleet/inventory.yml"
