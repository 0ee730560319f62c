#!/usr/bin/env python3
"""Where a training run's CPU samples go, from `jfr print --stack-depth 64 --events jdk.ExecutionSample`.

Usage: jfr print --stack-depth 64 --events jdk.ExecutionSample run.jfr > run.txt
       python3 tools/bench/jfr_shares.py run.txt [top]

Counts the samples of training: the main thread's under Trainer.trainEpoch (its per-epoch
evaluation left out) and every worker's (workers only run the main thread's parallel regions).
Each sample goes to the first category (innermost frame first) one of its frames belongs to, and
the report gives each category's share, the top methods by self time, the samples per thread
and the main thread's share outside parallel regions (what one core does while the other waits).
Plain Python, no packages.
"""
import collections
import re
import sys

# Category name -> substrings of frame names, checked innermost frame first, categories in order.
CATEGORIES = [
    ("update: accumulate, pulses, read-back, gather", ["GateSteps", "AccumulateAndFireRule", "Optimizer", "readBack", "GatheredConductances",
                                                        "SimulatedBoard.pulse", "Accumulator", "UpdateRules", "PulsePlan"]),
    ("simulator products (forward MVM sweeps, voltages)", ["sim.products.", "OrderedSweeps.firstFourTwice", "OrderedSweeps.addFourTwice"]),
    ("input gradients (read-back weights)", ["ops.ColumnProducts", "inputGradients"]),
    ("weight gradients (outer sums)", ["LaneDots", "weightGradients"]),
    ("im2col / col2im", ["Im2Col"]),
    ("per-tile decode (CrossbarBlock.addCurrents)", ["addCurrents"]),
    ("input scaling (column maxima)", ["ColumnMaxima", "CrossbarBlock.scale"]),
    ("waiting at the end of parallel regions", ["awaitAll", "Workers.forEach", "ChunkRegion.attempt", "LockSupport", "ReentrantLock",
                                                "AbstractQueuedSynchronizer"]),
    ("zeroing buffers", ["Arrays.fill"]),
]


def samples(text):
    """(thread, frames innermost first) of every execution sample."""
    for event in text.split("jdk.ExecutionSample")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', event)
        frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)
        if frames:
            yield (thread.group(1) if thread else "?"), frames


def category(frames):
    for frame in frames:
        for name, keys in CATEGORIES:
            if any(k in frame for k in keys):
                return name
    return "other"


def main():
    text = open(sys.argv[1], encoding="utf-8").read()
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    shares, methods, threads = collections.Counter(), collections.Counter(), collections.Counter()
    main_training = main_serial = 0
    for thread, frames in samples(text):
        worker = "worker" in thread
        training = thread == "main" and any("Trainer.trainEpoch" in f for f in frames) and not any("Trainer.evaluate" in f for f in frames)
        if not (worker or training):
            continue
        threads["worker" if worker else "main"] += 1
        shares[category(frames)] += 1
        methods[frames[0]] += 1
        if training:
            main_training += 1
            if not any("Workers.forEach" in f or "ChunkRegion" in f for f in frames):
                main_serial += 1
    n = sum(shares.values())
    print(f"training samples: {n} ({dict(threads)}); main thread outside parallel regions: "
          f"{100 * main_serial / max(1, main_training):.0f} % of its training samples")
    for name, count in shares.most_common():
        print(f"  {100 * count / n:5.1f} %  {name}")
    print("top methods (self):")
    for name, count in methods.most_common(top):
        print(f"  {100 * count / n:5.1f} %  {name}")


if __name__ == "__main__":
    main()
