#!/usr/bin/env bash
# Measures a simulated fleet on this machine: rollout time, round time and broker traffic for N
# devices (default 20 100 500). Starts its own Mosquitto (passwords, the example ACL, no packet
# limit, $SYS every second) and one `insitu fleet simulate` per size; prints one JSON line per size.
#   tools/fleet/bench.sh [N ...]
# Needs mosquitto and mosquitto_passwd (Debian package mosquitto). INSITU_JAVA_OPTS sizes the JVMs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
INSITU="$ROOT/insitu"
SIZES=("${@:-20 100 500}")
[[ $# -eq 0 ]] && SIZES=(20 100 500)
WORK="$(mktemp -d /tmp/insitu-fleet-bench.XXXXXX)"
chmod 755 "$WORK"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

openssl genpkey -algorithm ed25519 -out "$WORK/key.pem" 2>/dev/null
openssl pkey -in "$WORK/key.pem" -pubout -out "$WORK/pub.pem"
"$INSITU" compile "$ROOT/compiler/src/test/resources/fixtures/paper_cnn.onnx" --target sim:realistic \
  -o "$WORK/cnn.xbar" --sign "$WORK/key.pem" >/dev/null 2>&1
echo control-secret > "$WORK/controller.pw"
echo device-secret > "$WORK/device.pw"

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sys_bytes() { # bytes received and sent by the broker since it started
  mosquitto_sub -h 127.0.0.1 -p "$1" -u controller -P control-secret -C 2 -W 10 \
    -t '$SYS/broker/bytes/received' -t '$SYS/broker/bytes/sent' | paste -sd' '
}

for N in "${SIZES[@]}"; do
  B="$WORK/broker-$N"; mkdir -p "$B"; chmod 755 "$B"
  { echo "controller:control-secret"; for ((i = 0; i < N; i++)); do printf 'dev-%04d:device-secret\n' "$i"; done; } > "$B/passwd"
  mosquitto_passwd -U "$B/passwd"
  { printf 'user controller\ntopic readwrite insitu/#\ntopic read $SYS/#\n\npattern write insitu/+/device/%%u/#\n'
    for ((i = 0; i < N; i++)); do printf '\nuser dev-%04d\ntopic read insitu/bench/deploy/#\ntopic read insitu/bench/round\n' "$i"; done; } > "$B/acl"
  chmod 644 "$B/passwd" "$B/acl"
  P=$(port)
  printf 'listener %s 127.0.0.1\nallow_anonymous false\npassword_file %s\nacl_file %s\npersistence false\nsys_interval 1\nmax_queued_messages 10000\n' \
    "$P" "$B/passwd" "$B/acl" > "$B/mosquitto.conf"
  mosquitto -c "$B/mosquitto.conf" > "$B/broker.log" 2>&1 & PIDS+=($!); sleep 1
  URL="mqtt://127.0.0.1:$P"
  CTL=(--broker "$URL" --group bench --username controller --password-file "$WORK/controller.pw")
  t0=$(date +%s.%N)
  "$INSITU" fleet simulate --broker "$URL" --group bench --devices "$N" --board sim:realistic --data mnist8 \
    --username '{id}' --password-file "$WORK/device.pw" --verify-key "$WORK/pub.pem" --heartbeat 3600 > "$B/sim.log" 2>&1 & SIM=$!; PIDS+=($SIM)
  until [[ "$("$INSITU" fleet status "${CTL[@]}" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["online"])' 2>/dev/null || echo 0)" == "$N" ]]; do sleep 5; done
  online=$(python3 -c "print(round($(date +%s.%N) - $t0, 1))")
  sleep 2; before=$(sys_bytes "$P")
  "$INSITU" fleet deploy "${CTL[@]}" --model "$WORK/cnn.xbar" --timeout 3600 --json > "$B/deploy.json" 2>/dev/null
  sleep 2; mid=$(sys_bytes "$P")
  "$INSITU" fleet round "${CTL[@]}" --epochs 1 --sign "$WORK/key.pem" --timeout 3600 --json > "$B/round.json" 2>/dev/null
  sleep 2; after=$(sys_bytes "$P")
  rss=$(ps -o rss= -p "$SIM" | tail -1); threads=$(ps -o nlwp= -p "$SIM" | tail -1)
  python3 - "$N" "$online" "$before" "$mid" "$after" "$rss" "$threads" "$B" <<'PY'
import json, sys
n, online, before, mid, after, rss, threads, b = sys.argv[1:]
rb, sb = map(int, before.split()); rm, sm = map(int, mid.split()); ra, sa = map(int, after.split())
d = json.load(open(b + "/deploy.json")); r = json.load(open(b + "/round.json"))
print(json.dumps({"devices": int(n), "online_s": float(online), "rollout_s": round(d["seconds"], 1), "rollout_running": d["running"],
  "rollout_broker_in_bytes": rm - rb, "rollout_broker_out_bytes": sm - sb,
  "round_s": round(r["seconds"], 1), "round_contributors": r["contributors"], "round_broker_in_bytes": ra - rm,
  "round_broker_out_bytes": sa - sm, "accuracy_before": round(r["accuracy_before"], 4), "accuracy_after": round(r["accuracy_after"], 4),
  "simulate_rss_mb": round(int(rss) / 1024), "simulate_threads": int(threads)}))
PY
  kill "$SIM"; wait "$SIM" 2>/dev/null || true
done
