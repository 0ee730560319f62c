#!/usr/bin/env python3
"""Regenerates every measured number the README quotes, so none goes stale.

Each number in README.md stands between markers, <!--n:KEY-->94.00<!--/n-->, and KEY is defined
below: the run that measures it (an `insitu` command with --json) and how to read it from the
report. `tools/readme/numbers.py` runs what the README needs and rewrites the numbers in place;
`--check` rewrites nothing and exits 1 when a number differs; `--only PREFIX,...` runs a subset;
`--jobs N` runs N at a time;
`--list` prints the keys. Runs go to a temporary directory; nothing under runs/ is touched.
About 4 minutes on two cores (2.5 with --jobs 2).
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
README = os.path.join(ROOT, "README.md")
FASHION = "idx:/usr/share/datasets/fashion-mnist"
MARKER = re.compile(r"<!--n:([A-Za-z0-9_.-]+)-->(.*?)<!--/n-->")


def train(model, data, board, seed=1, *extra):
    return ["train", "--model", model, "--data", data, "--board", board, "--seed", str(seed), *extra]


def evaluate(model, data, board, seed=1, *extra):
    return ["eval", "--model", model, "--data", data, "--board", board, "--seed", str(seed), *extra]


# Every run the README's numbers come from: id -> insitu arguments (--json and --out are added).
RUNS = {
    **{f"demo.{s}": ["demo", "--seed", str(s)] for s in (1, 2, 3)},
    "cnn.paper-rule": train("paper-cnn", "mnist8", "sim", 1, "--update", "paper"),
    "cnn.ideal": train("paper-cnn", "mnist8", "sim:ideal"),
    **{f"lstm.{s}": train("paper-convlstm", "mnist-seq", "sim", s) for s in (1, 2, 3)},
    **{f"lstm.ideal.{s}": train("paper-convlstm", "mnist-seq", "sim:ideal", s) for s in (1, 2, 3)},
    "lstm.paper-rule": train("paper-convlstm", "mnist-seq", "sim", 1, "--update", "paper", "--epochs", "2"),
    "stuck.0": evaluate("paper-cnn-trained", "mnist8", "sim:realistic?stuck=0"),
    "stuck.10": evaluate("paper-cnn-trained", "mnist8", "sim:realistic?stuck=0.1"),
}
ZOO = {
    "paper-cnn-trained": "mnist8",
    "lenet5-mnist": "mnist28",
    "lenet5-fashion": FASHION,
    "dscnn-mnist": "mnist28",
    "resnet-mnist": "mnist28",
}
for name, data in ZOO.items():
    # Enough arrays for the largest zoo model with two copies of every weight (calibrated deployments).
    RUNS[f"zoo.{name}.sim"] = evaluate(name, data, "sim?arrays=64")
    RUNS[f"zoo.{name}.realistic"] = evaluate(name, data, "sim:realistic?arrays=64")


def pct(x):
    return f"{100 * x:.2f}"


def count(x):
    return f"{int(x):,}"


def accuracy(r):
    return pct(r["accuracy"])


def last_epoch_pulses(r):
    return count(r["epochs"][-1]["pulses"])


# key -> (run id, how to read the number from its JSON report)
NUMBERS = {
    **{f"demo.acc.{s}": (f"demo.{s}", accuracy) for s in (1, 2, 3)},
    "demo.pulses": ("demo.1", last_epoch_pulses),
    "demo.digest": ("demo.1", lambda r: r["final_conductance_sha256"]),
    "cnn.paper-rule.acc": ("cnn.paper-rule", accuracy),
    "cnn.paper-rule.pulses": ("cnn.paper-rule", last_epoch_pulses),
    "cnn.ideal.acc": ("cnn.ideal", accuracy),
    **{f"lstm.acc.{s}": (f"lstm.{s}", accuracy) for s in (1, 2, 3)},
    "lstm.pulses": ("lstm.1", lambda r: count(r["pulses"])),
    "lstm.digest": ("lstm.1", lambda r: r["final_conductance_sha256"]),
    **{f"lstm.ideal.acc.{s}": (f"lstm.ideal.{s}", accuracy) for s in (1, 2, 3)},
    "lstm.paper-rule.acc": ("lstm.paper-rule", accuracy),
    "lstm.paper-rule.pulses": ("lstm.paper-rule", lambda r: count(r["pulses"])),
    "stuck.0.acc": ("stuck.0", accuracy),
    "stuck.10.acc": ("stuck.10", accuracy),
    **{f"zoo.{n}.{b}": (f"zoo.{n}.{b}", accuracy) for n in ZOO for b in ("sim", "realistic")},
}


def run(run_id, work):
    out = os.path.join(work, run_id)
    args = RUNS[run_id] + ["--json"] + (["--out", out] if RUNS[run_id][0] == "train" else [])
    print(f"  insitu {' '.join(RUNS[run_id])}", file=sys.stderr, flush=True)
    # Run from the temporary directory: the demo writes its run under ./runs.
    p = subprocess.run([os.path.join(ROOT, "insitu"), *args], cwd=work, capture_output=True, text=True)
    if p.returncode != 0:
        print(f"numbers: insitu {' '.join(args)} failed ({p.returncode}): {p.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    return json.loads(p.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="rewrite nothing; exit 1 when a number differs")
    ap.add_argument("--only", default="", help="only the keys starting with one of these comma-separated prefixes")
    ap.add_argument("--jobs", type=int, default=1, help="runs at a time (results do not depend on it)")
    ap.add_argument("--list", action="store_true", help="print the keys and their runs")
    a = ap.parse_args()
    text = open(README, encoding="utf-8").read()
    used = [k for k in dict.fromkeys(m.group(1) for m in MARKER.finditer(text))]
    unknown = [k for k in used if k not in NUMBERS]
    if unknown:
        sys.exit(f"numbers: README.md names keys this script does not define: {', '.join(unknown)}")
    keys = [k for k in used if any(k.startswith(p) for p in a.only.split(","))]
    if a.list:
        for k in keys:
            print(f"{k}: insitu {' '.join(RUNS[NUMBERS[k][0]])}")
        return 0
    runs = list(dict.fromkeys(NUMBERS[k][0] for k in keys))
    with tempfile.TemporaryDirectory() as work, ThreadPoolExecutor(max(1, a.jobs)) as pool:
        reports = dict(zip(runs, pool.map(lambda rid: run(rid, work), runs)))
    failed = [rid for rid, r in reports.items() if r is None]
    fresh = {k: NUMBERS[k][1](reports[NUMBERS[k][0]]) for k in keys if reports[NUMBERS[k][0]] is not None}
    changed = []

    def replace(m):
        k, old = m.group(1), m.group(2)
        if k not in fresh or fresh[k] == old:
            return m.group(0)
        changed.append(f"{k}: {old} -> {fresh[k]}")
        return f"<!--n:{k}-->{fresh[k]}<!--/n-->"

    new = MARKER.sub(replace, text)
    for c in changed:
        print(c)
    if a.check:
        return 1 if changed or failed else 0
    if changed:
        tmp = README + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(new)
        os.replace(tmp, README)
    print(f"numbers: {len(fresh)} measured, {len(changed)} changed, {len(failed)} runs failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
