#!/usr/bin/env bash
# Installs, upgrades, removes and purges dist/target/insitu_VERSION_all.deb for real, in a throwaway
# Debian root made with debootstrap (this machine's release, from the mirror its apt already uses),
# and checks what each step leaves: the command, the service user and its groups, the unit as
# systemd-analyze sees it, a training run as the service user, the conffile across an upgrade, and
# what removal and purge take away (purge keeps the system user, as Debian does).
# Usage: tools/deb-check.sh [WORKDIR]   (as root; about 3 minutes and 300 MB, mostly the JRE)
set -euo pipefail
ROOT_DIR="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT_DIR/tools/lib/debian-root.sh"

[ "$(id -u)" = 0 ] || { echo "deb-check: needs root (debootstrap, chroot)" >&2; exit 2; }
for tool in debootstrap chroot mount; do
  command -v "$tool" >/dev/null || { echo "deb-check: $tool is missing (apt install debootstrap)" >&2; exit 2; }
done
DEB=$(ls "$ROOT_DIR"/dist/target/insitu_*_all.deb 2>/dev/null | head -n 1 || true)
if [ -z "$DEB" ]; then
  (cd "$ROOT_DIR" && mvn -B -q -DskipTests package >&2)
  DEB=$(ls "$ROOT_DIR"/dist/target/insitu_*_all.deb | head -n 1)
fi
VERSION=$(dpkg-deb -f "$DEB" Version)

# A WORKDIR given is kept (and its root reused next time); a temporary one is removed.
KEEP=${1:+yes}
WORK="${1:-$(mktemp -d /var/tmp/insitu-deb-check.XXXXXX)}"
R="$WORK/root"
mkdir -p "$WORK"
cleanup() {
  if mountpoint -q "$R/proc"; then umount "$R/proc"; fi
  [ -n "$KEEP" ] || rm -rf "$WORK"
}
trap cleanup EXIT

read -r MIRROR SUITE < <(debian_mirror)
start=$(date +%s)
if [ ! -x "$R/usr/bin/apt-get" ]; then
  echo "deb-check: debootstrap $SUITE from $MIRROR into $R"
  debootstrap --variant=minbase "$SUITE" "$R" "$MIRROR" > "$WORK/debootstrap.log" 2>&1 \
    || { echo "deb-check: debootstrap failed (log: $WORK/debootstrap.log)" >&2; tail -5 "$WORK/debootstrap.log" >&2; exit 1; }
fi
cp /etc/resolv.conf "$R/etc/resolv.conf"
mountpoint -q "$R/proc" || mount -t proc proc "$R/proc"
in_root() { chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

fails=0
check() { # check DESCRIPTION COMMAND...: runs COMMAND in the root, reports
  local what=$1; shift
  if out=$(in_root "$@" 2>&1); then echo "  ok    $what"; else echo "  FAIL  $what: $out"; fails=$((fails + 1)); fi
}

cp "$DEB" "$R/tmp/insitu.deb"
echo "deb-check: install $(basename "$DEB") (apt resolves the Java runtime)"
in_root apt-get update -qq
in_root apt-get install -y -qq --no-install-recommends /tmp/insitu.deb systemd > "$WORK/install.log" 2>&1 \
  || { echo "deb-check: install failed (log: $WORK/install.log)" >&2; tail -20 "$WORK/install.log" >&2; exit 1; }
check "dpkg says installed" sh -c 'dpkg-query -W -f="\${Status}" insitu | grep -qx "install ok installed"'
check "insitu --version" sh -c "insitu --version | grep -qx 'insitu $VERSION'"
check "user insitu: system, no login shell, home /var/lib/insitu" sh -c 'getent passwd insitu | grep -q ":/var/lib/insitu:/usr/sbin/nologin$"'
check "user insitu in groups dialout and gpio" sh -c 'id -nG insitu | tr " " "\n" | grep -qx dialout && id -nG insitu | tr " " "\n" | grep -qx gpio'
check "/var/lib/insitu belongs to insitu" sh -c '[ "$(stat -c %U /var/lib/insitu)" = insitu ]'
check "systemd-analyze verify accepts the unit" sh -c 'out=$(systemd-analyze verify /usr/lib/systemd/system/insitu.service 2>&1) && [ -z "$out" ] || { echo "$out"; exit 1; }'
check "the unit is not enabled before it is configured" sh -c '! systemctl is-enabled insitu.service >/dev/null 2>&1'
check "a training run as the service user" runuser -u insitu -- env HOME=/var/lib/insitu sh -c \
  'cd /var/lib/insitu && insitu train --model paper-cnn --data mnist8 --board sim --epochs 1 --quiet --out /var/lib/insitu/check'
check "its class-data archive in the user's cache" sh -c 'ls /var/lib/insitu/.cache/insitu/insitu-*.jsa >/dev/null'

echo "deb-check: upgrade over an edited configuration"
in_root sed -i 's/^INSITU_PORT=.*/INSITU_PORT=9123/' /etc/insitu/insitu.conf
in_root dpkg -i --force-confold /tmp/insitu.deb > "$WORK/upgrade.log" 2>&1 || { echo "  FAIL  reinstall (log: $WORK/upgrade.log)"; fails=$((fails + 1)); }
check "the edited conffile survives" grep -qx 'INSITU_PORT=9123' /etc/insitu/insitu.conf

echo "deb-check: remove"
in_root apt-get remove -y -qq insitu > "$WORK/remove.log" 2>&1 || { echo "  FAIL  remove (log: $WORK/remove.log)"; fails=$((fails + 1)); }
check "the program is gone" sh -c '[ ! -e /usr/bin/insitu ] && [ ! -e /usr/share/insitu ] && [ ! -e /usr/lib/systemd/system/insitu.service ]'
check "the configuration stays (conffile)" test -f /etc/insitu/insitu.conf
check "the state stays" test -d /var/lib/insitu/check

echo "deb-check: purge"
in_root dpkg --purge insitu > "$WORK/purge.log" 2>&1 || { echo "  FAIL  purge (log: $WORK/purge.log)"; fails=$((fails + 1)); }
check "configuration, state and cache are gone" sh -c '[ ! -e /etc/insitu ] && [ ! -e /var/lib/insitu ] && [ ! -e /var/cache/insitu ]'
check "the system user stays (Debian practice)" getent passwd insitu
check "dpkg knows nothing of it" sh -c '! dpkg-query -W insitu >/dev/null 2>&1 || dpkg-query -W -f="\${Status}" insitu | grep -q "not-installed"'

echo "deb-check: install again over the existing user"
in_root dpkg -i /tmp/insitu.deb > "$WORK/reinstall.log" 2>&1 || { echo "  FAIL  reinstall (log: $WORK/reinstall.log)"; fails=$((fails + 1)); }
check "installed again, state directory recreated" sh -c 'insitu --version >/dev/null && [ "$(stat -c %U /var/lib/insitu)" = insitu ]'
check "dpkg --audit is clean" sh -c '[ -z "$(dpkg --audit)" ]'

echo "deb-check: $(($(date +%s) - start)) s, $fails failed${KEEP:+; root kept in $R}"
[ "$fails" = 0 ]
