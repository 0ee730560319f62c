#!/usr/bin/env bash
# Kills `insitu train` with SIGKILL at N random moments (default 20), resuming each time, and
# checks that the run ends exactly like an uninterrupted one (accuracy, pulses, conductances).
# Usage: tools/kill-resume.sh [KILLS] [extra train options...]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
KILLS="${1:-20}"; shift || true
EXTRA=("--checkpoint-every" "10" "$@")   # the demo configuration: 15 epochs
"$ROOT/insitu" --help >/dev/null   # builds when needed
CP="$ROOT/cli/target/insitu-cli-0.1.0.jar:$ROOT/cli/target/lib/*"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
key() { python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print(j['accuracy'], j['pulses'], j['final_conductance_sha256'])" "$1"; }

java -cp "$CP" insitu.cli.Main train "${EXTRA[@]}" --out "$WORK/ref" --json --quiet > "$WORK/ref.json"
echo "uninterrupted: $(key "$WORK/ref.json")"

args=(train "${EXTRA[@]}" --out "$WORK/run" --json --quiet)
kills=0
while :; do
  java -cp "$CP" insitu.cli.Main "${args[@]}" > "$WORK/run.json" 2>/dev/null & pid=$!
  if (( kills < KILLS )); then
    sleep "$(python3 -c "import random; print(round(random.uniform(0.8, 3.0), 2))")"
    if kill -9 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null || true
      kills=$((kills + 1))
      echo "kill $kills: newest checkpoint $(ls "$WORK/run/checkpoints" 2>/dev/null | tail -1)"
      # A run resumes from its checkpoint, or before the first one from its configuration (run.json,
      # written before the first batch); killed before even that, it starts over in a fresh directory.
      if [[ -f "$WORK/run/run.json" ]]; then args=(train --resume "$WORK/run" --json --quiet); else rm -rf "$WORK/run"; fi
      continue
    fi
  fi
  wait "$pid"; break
done
echo "after $kills kills: $(key "$WORK/run.json")"
[[ "$(key "$WORK/ref.json")" == "$(key "$WORK/run.json")" ]] && echo "identical" || { echo "DIFFERENT"; exit 1; }
