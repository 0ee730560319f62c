#!/usr/bin/env bash
# Trains over a faulty serial link and checks that the run ends exactly like the in-process board:
# `insitu board emulate` on one end of a socat pty pair (dropping and corrupting FAULT_RATE of the
# bytes, resetting every RESET_EVERY device commands on average), `insitu train --board
# serial:PTY` on the other, then `insitu train --board sim` with the same seed; compares accuracy,
# pulses and the final conductance SHA-256, and prints times, bytes on the wire and retries.
# Usage: tools/serial-faults.sh [FAULT_RATE [RESET_EVERY]] [extra train options, e.g. --epochs 1]
#   FAULT_RATE  fraction of bytes dropped or corrupted, half each (default 0.01; 0 = clean link)
#   RESET_EVERY device commands per board reset on average (default 300; 0 = never)
# Exit status 0 when identical, 1 when different, 2 when a run failed.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
FAULT_RATE="${1:-0.01}"; shift || true
RESET_EVERY="${1:-300}"; shift || true
SEED=1
EXTRA=("$@")
command -v socat >/dev/null || { echo "serial-faults: socat is not installed (apt-get install -y socat)" >&2; exit 2; }
"$ROOT/insitu" --help >/dev/null   # builds when needed
CP="$ROOT/cli/target/insitu-cli-0.1.0.jar:$ROOT/cli/target/lib/*"
JAVA=(java ${INSITU_JAVA_OPTS:--Xmx512m} -cp "$CP" insitu.cli.Main)
WORK="$(mktemp -d)"
SOCAT_PID=""; EMU_PID=""
cleanup() {
  [[ -n "$EMU_PID" ]] && kill "$EMU_PID" 2>/dev/null || true
  [[ -n "$SOCAT_PID" ]] && kill "$SOCAT_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

socat -d -d pty,raw,echo=0 pty,raw,echo=0 2> "$WORK/socat.log" & SOCAT_PID=$!
for _ in $(seq 50); do [[ "$(grep -c 'PTY is' "$WORK/socat.log" || true)" -ge 2 ]] && break; sleep 0.1; done
mapfile -t PTYS < <(grep -o 'PTY is [^ ]*' "$WORK/socat.log" | awk '{print $3}')
[[ "${#PTYS[@]}" -eq 2 ]] || { echo "serial-faults: socat printed no pty pair" >&2; exit 2; }
HOST_PTY="${PTYS[0]}"; BOARD_PTY="${PTYS[1]}"

"${JAVA[@]}" board emulate --port "$BOARD_PTY" --seed "$SEED" --fault-rate "$FAULT_RATE" --reset-every "$RESET_EVERY" --quiet \
  2> "$WORK/emulator.log" & EMU_PID=$!
sleep 1

run() { # NAME BOARD: train, time it, keep its JSON report
  local start end
  start=$(date +%s.%N)
  if ! "${JAVA[@]}" train --board "$2" --seed "$SEED" --json --quiet --out "$WORK/$1" "${EXTRA[@]}" > "$WORK/$1.json" 2> "$WORK/$1.err"; then
    echo "serial-faults: the $1 run failed: $(cat "$WORK/$1.err")" >&2; exit 2
  fi
  end=$(date +%s.%N)
  python3 -c "print(round($end - $start, 1))" > "$WORK/$1.seconds"
}
echo "link: $FAULT_RATE of the bytes dropped or corrupted, a reset every $RESET_EVERY commands; train ${EXTRA[*]:-(defaults)}"
run serial "serial:$HOST_PTY"
run sim sim

python3 - "$WORK" <<'EOF'
import json, sys
work = sys.argv[1]
rep = {k: json.load(open(f"{work}/{k}.json")) for k in ("serial", "sim")}
secs = {k: open(f"{work}/{k}.seconds").read().strip() for k in rep}
keys = ("accuracy", "pulses", "final_conductance_sha256")
for k in keys:
    print(f"{k:26} serial {rep['serial'][k]!s:66} sim {rep['sim'][k]}")
link = rep["serial"]["link"]
print(f"wall time                  serial {secs['serial']} s, sim {secs['sim']} s")
print(f"bytes on the wire          sent {link['wire_bytes_sent']:,}, received {link['wire_bytes_received']:,} "
      f"(payload efficiency {link['payload_efficiency']:.3f})")
print(f"repair                     retries {link['retries']:,}, timeouts {link['timeouts']:,}, GAPS probes {link['gap_queries']:,}, "
      f"FETCH requests {link['fetches']:,}, parts resent {link['parts_resent']:,}")
print(f"damage seen by the host    CRC errors {link['crc_errors']:,}, malformed frames {link['malformed_frames']:,}, "
      f"board resets {link['epoch_changes']}")
same = all(rep["serial"][k] == rep["sim"][k] for k in keys)
print("identical" if same else "DIFFERENT")
sys.exit(0 if same else 1)
EOF
