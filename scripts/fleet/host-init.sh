#!/bin/sh
# Runs as pid-1-of-nothing inside one fleet host: started by scripts/fleet.sh as
#   ip netns exec rpyctl-NAME unshare --uts --mount --propagation private \
#     scripts/fleet/host-init.sh NAME HOSTDIR MODE [PERSONALITY]
# so it already has the host's network namespace and a private UTS + mount namespace. It sets
# the hostname, mounts what the host needs (all in the private mount namespace: they vanish with
# the host's last process, nothing to unmount on the root side) and execs the host's sshd in the
# foreground (same pid: scripts/fleet.sh kills it via HOSTDIR/sshd.pid / `ip netns pids`).
#   MODE native:  the machine's own userland; private tmpfs on /tmp (keeping the fleet's
#                 directory visible when the checkout is under /tmp).
#   MODE chroot:  HOSTDIR/root is a foreign busybox userland (sshd ChrootDirectory); /proc,
#                 /sys, device nodes and a tmpfs /tmp are mounted into it, and HOSTDIR/passwd,
#                 group, shadow are bound over /etc's so sshd sees root with shell /bin/sh.
#   PERSONALITY:  e.g. i686: sshd (and so every session) runs under `setarch i686`.
set -eu
name="$1" dir="$2" mode="$3" pers="${4:-}"

hostname "$name"
case "$mode" in
  native)
    fleet="${dir%/hosts/*}"
    case "$fleet" in
      /tmp/*)
        # The checkout lives under /tmp (a fresh clone, say): carry the fleet's directory (sshd's
        # config, keys, logs) over into the private /tmp, through the original /tmp bound on /mnt.
        mount --bind /tmp /mnt
        mount -t tmpfs -o mode=1777,size=1g "fleet-$name-tmp" /tmp
        mkdir -p "$fleet"
        mount --bind "/mnt/${fleet#/tmp/}" "$fleet"
        umount /mnt
        ;;
      *) mount -t tmpfs -o mode=1777,size=1g "fleet-$name-tmp" /tmp ;;
    esac
    ;;
  chroot)
    r="$dir/root"
    mount -t proc proc "$r/proc"
    mount -t sysfs sysfs "$r/sys"
    for d in null zero full random urandom tty; do
      mount --bind "/dev/$d" "$r/dev/$d"
    done
    mount --bind /dev/pts "$r/dev/pts"
    mount -t tmpfs -o mode=1777,size=1g "fleet-$name-tmp" "$r/tmp"
    ;;
  *) echo "host-init: bad mode '$mode'" >&2; exit 2 ;;
esac
for f in passwd group shadow; do
  if [ -f "$dir/$f" ]; then mount --bind "$dir/$f" "/etc/$f"; fi
done

if [ -n "$pers" ]; then
  exec setarch "$pers" /usr/sbin/sshd -D -f "$dir/sshd_config" -E "$dir/sshd.log"
fi
exec /usr/sbin/sshd -D -f "$dir/sshd_config" -E "$dir/sshd.log"
