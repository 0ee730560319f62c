# Shared by tools/deb-check.sh and tools/arm64-check.sh (source it): a Debian root made with
# debootstrap from the mirror this machine's apt already uses.

# Prints "URI SUITE": the first Debian archive among this machine's apt sources (deb822 .sources
# files or one-line .list entries), and the machine's own release (or $DEBIAN_SUITE).
debian_mirror() {
  suite=${DEBIAN_SUITE:-$(. /etc/os-release && echo "${VERSION_CODENAME:-}")}
  [ -n "$suite" ] || { echo "cannot tell this machine's Debian release; set DEBIAN_SUITE" >&2; return 1; }
  uri=
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk -v suite="$suite" '
      /^[[:space:]]*$/ { if (ok && u != "") { print u; exit } ok = 0; u = ""; next }
      /^URIs:/ { u = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) ok = 1 }
      END { if (ok && u != "") print u }' "$f" | head -n 1)
    [ -n "$uri" ] && break
  done
  if [ -z "$uri" ]; then
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -f "$f" ] || continue
      uri=$(awk -v suite="$suite" '$1 == "deb" { o = ($2 ~ /^\[/) ? 1 : 0; if ($(3 + o) == suite) { print $(2 + o); exit } }' "$f")
      [ -n "$uri" ] && break
    done
  fi
  [ -n "$uri" ] || { echo "no apt source for Debian $suite in /etc/apt/sources.list(.d); set DEBIAN_SUITE or add one" >&2; return 1; }
  echo "$uri $suite"
}
