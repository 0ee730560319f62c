#!/usr/bin/env bash
# Runs the distribution on an arm64 JVM under user-mode emulation and compares its results with
# this machine's, bit for bit: an arm64 Debian root from `debootstrap --foreign` (this machine's
# release and apt mirror) supplies OpenJDK 17 for arm64, qemu-aarch64-static runs it. The launcher
# bin/insitu is a POSIX sh script and runs in this machine's shell; `java` is a wrapper that starts
# the arm64 JVM, so no binfmt_misc registration (a machine-wide setting) is needed.
# Compared: a 1-epoch training run (final-conductance SHA-256) and the SDK sample SensorLoopApp
# (its summary line: accuracies and pulses). On a mismatch it repeats this machine's runs with the
# JIT's libm intrinsics off, which tells whether Math.exp/log/pow caused it.
# With CONTRACT=1 it then compares the results contract's two runs too (the demo and the ConvLSTM;
# about an hour more under emulation).
# Usage: [CONTRACT=1] tools/arm64-check.sh [WORKDIR]   (as root; WORKDIR kept and reused; ~10 minutes)
set -euo pipefail
ROOT_DIR="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT_DIR/tools/lib/debian-root.sh"

[ "$(id -u)" = 0 ] || { echo "arm64-check: needs root (debootstrap)" >&2; exit 2; }
for tool in debootstrap qemu-aarch64-static dpkg-deb sha256sum; do
  command -v "$tool" >/dev/null || { echo "arm64-check: $tool is missing (apt install debootstrap qemu-user-static)" >&2; exit 2; }
done
TARBALL=$(ls "$ROOT_DIR"/dist/target/insitu-*.tar.gz 2>/dev/null | head -n 1 || true)
SAMPLES=$(ls "$ROOT_DIR"/samples/target/insitu-samples-*.jar 2>/dev/null | head -n 1 || true)
if [ -z "$TARBALL" ] || [ -z "$SAMPLES" ]; then
  (cd "$ROOT_DIR" && mvn -B -q -DskipTests package >&2)
  TARBALL=$(ls "$ROOT_DIR"/dist/target/insitu-*.tar.gz | head -n 1)
  SAMPLES=$(ls "$ROOT_DIR"/samples/target/insitu-samples-*.jar | head -n 1)
fi

KEEP=${1:+yes}
WORK="${1:-$(mktemp -d /var/tmp/insitu-arm64-check.XXXXXX)}"
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
trap '[ -n "$KEEP" ] || rm -rf "$WORK"' EXIT
R="$WORK/arm64-root"
JDK_DIR=usr/lib/jvm/java-17-openjdk-arm64

# 1. The arm64 root: debootstrap's first stage downloads the packages and unpacks the essential ones;
#    the rest (the JRE among them) is unpacked here, as the second stage would, minus maintainer
#    scripts. Absolute symlinks are re-pointed into the root, so the emulated JVM reads its own files.
read -r MIRROR SUITE < <(debian_mirror)
t0=$(date +%s)
if [ ! -x "$R/$JDK_DIR/bin/java" ]; then
  echo "arm64-check: debootstrap --foreign --arch=arm64 $SUITE from $MIRROR"
  debootstrap --foreign --arch=arm64 --variant=minbase --include=openjdk-17-jre-headless "$SUITE" "$R" "$MIRROR" \
    > "$WORK/debootstrap.log" 2>&1 || { echo "arm64-check: debootstrap failed (log: $WORK/debootstrap.log)" >&2; tail -5 "$WORK/debootstrap.log" >&2; exit 1; }
  for deb in "$R"/var/cache/apt/archives/*.deb; do dpkg-deb -x "$deb" "$R"; done
  find "$R" -type l -lname '/*' | while read -r link; do ln -sfn "$R$(readlink "$link")" "$link"; done
fi
t1=$(date +%s)

# 2. JAVA_HOME for the launcher: bin/java starts the arm64 JVM; release tells the launcher its version.
ARM_HOME="$WORK/arm64-java"
mkdir -p "$ARM_HOME/bin"
cp "$R/$JDK_DIR/release" "$ARM_HOME/release"
printf '#!/bin/sh\nexec qemu-aarch64-static -L "%s" "%s/bin/java" "$@"\n' "$R" "$R/$JDK_DIR" > "$ARM_HOME/bin/java"
chmod +x "$ARM_HOME/bin/java"

rm -rf "$WORK/dist" && mkdir -p "$WORK/dist" && tar -xzf "$TARBALL" -C "$WORK/dist"
DIST=$(ls -d "$WORK"/dist/insitu-*)
SDK_CP="$SAMPLES"
for jar in "$DIST"/lib/*.jar; do
  case $(basename "$jar") in insitu-cli-* | picocli-* | tinylog-impl-* | slf4j-tinylog-*) ;; *) SDK_CP="$SDK_CP:$jar" ;; esac
done

TRAIN=(train --model paper-cnn --data mnist8 --board sim --epochs 1 --seed 1 --json --quiet)
digest() { sed -n 's/.*"final_conductance_sha256" *: *"\([0-9a-f]*\)".*/\1/p'; }
# run_train NAME JAVA_HOME [JVM options]: the training run through bin/insitu; prints its digest.
run_train() {
  local name=$1 java_home=$2
  (cd "$WORK" && rm -rf "run-$name" && JAVA_HOME="$java_home" HOME="$WORK/home-$name" INSITU_JAVA_OPTS="${3:-}" \
    "$DIST/bin/insitu" "${TRAIN[@]}" --out "run-$name" 2>"$WORK/$name.err" | digest)
}
# contract NAME JAVA_HOME: the results contract's two runs (the demo, the ConvLSTM at seed 1) through
# bin/insitu; prints their digests on one line.
contract() {
  local name=$1 java_home=$2 demo lstm
  demo=$(cd "$WORK" && JAVA_HOME="$java_home" HOME="$WORK/home-$name" "$DIST/bin/insitu" demo --json --quiet 2>"$WORK/$name-demo.err" | digest)
  lstm=$(cd "$WORK" && rm -rf "run-$name-lstm" && JAVA_HOME="$java_home" HOME="$WORK/home-$name" "$DIST/bin/insitu" train \
    --model paper-convlstm --data mnist-seq --board sim --seed 1 --json --quiet --out "run-$name-lstm" 2>"$WORK/$name-lstm.err" | digest)
  echo "demo $demo convlstm $lstm"
}
# run_sample NAME JAVA [JVM options]: the SDK sample on the SDK's jars (no Vector API module).
run_sample() {
  # shellcheck disable=SC2086
  (cd "$WORK" && "$2" ${3:-} -cp "$SDK_CP" insitu.samples.embedded.SensorLoopApp sim 1000 2>"$WORK/$1-sample.err")
}

X86_JAVA=$(command -v java)
echo "arm64-check: x86_64 reference runs ($("$X86_JAVA" -version 2>&1 | head -n 1))"
x86_train=$(run_train x86 "$(dirname "$(dirname "$(readlink -f "$X86_JAVA")")")")
x86_sample=$(run_sample x86 "$X86_JAVA")
t2=$(date +%s)
echo "arm64-check: arm64 runs under qemu ($("$ARM_HOME/bin/java" -version 2>&1 | head -n 1); $(qemu-aarch64-static --version | head -n 1))"
arm_train=$(run_train arm64 "$ARM_HOME")
t3=$(date +%s)
arm_sample=$(run_sample arm64 "$ARM_HOME/bin/java")
t4=$(date +%s)
arm_arch=$("$ARM_HOME/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *os.arch = //p')

cat <<EOF
arm64-check: results
  root (debootstrap + unpack)   $((t1 - t0)) s
  x86_64 train + sample         $((t2 - t1)) s
  arm64 train (os.arch=$arm_arch)  $((t3 - t2)) s
  arm64 sample                  $((t4 - t3)) s
  train digest x86_64  $x86_train
  train digest arm64   $arm_train
  sample x86_64  $x86_sample
  sample arm64   $arm_sample
EOF
if [ -n "$x86_train" ] && [ "$x86_train" = "$arm_train" ] && [ "$x86_sample" = "$arm_sample" ]; then
  echo "arm64-check: PASS (same bits on x86_64 and arm64)"
  [ "${CONTRACT:-}" = 1 ] || exit 0
  x86_contract=$(contract x86 "$(dirname "$(dirname "$(readlink -f "$X86_JAVA")")")")
  t5=$(date +%s)
  arm_contract=$(contract arm64 "$ARM_HOME")
  echo "  contract x86_64  $x86_contract"
  echo "  contract arm64   $arm_contract  ($(($(date +%s) - t5)) s)"
  [[ "$x86_contract" = "$arm_contract" && "$x86_contract" =~ ^demo\ [0-9a-f]{64}\ convlstm\ [0-9a-f]{64}$ ]] \
    && { echo "arm64-check: PASS (results contract: same bits)"; exit 0; }
  echo "arm64-check: FAIL: the results contract's runs differ (logs in $WORK)"
  exit 1
fi
# Which difference? HotSpot on x86_64 computes Math.exp/log/pow with its own intrinsic stubs; with
# them off it uses the same fdlibm algorithms as StrictMath (and as the arm64 JVM does).
NO_LIBM="-XX:+UnlockDiagnosticVMOptions -XX:-UseLibmIntrinsic"
x86_plain_train=$(run_train x86-nolibm "$(dirname "$(dirname "$(readlink -f "$X86_JAVA")")")" "$NO_LIBM")
x86_plain_sample=$(run_sample x86-nolibm "$X86_JAVA" "$NO_LIBM")
echo "  train digest x86_64 without libm intrinsics  $x86_plain_train"
echo "  sample x86_64 without libm intrinsics  $x86_plain_sample"
if [ "$x86_plain_train" = "$arm_train" ] && [ "$x86_plain_sample" = "$arm_sample" ]; then
  echo "arm64-check: FAIL: arm64 differs from x86_64, and equals x86_64 with -XX:-UseLibmIntrinsic: the training path's Math.exp/log/pow (not StrictMath) round differently on x86_64's intrinsics"
else
  echo "arm64-check: FAIL: arm64 differs from x86_64 for another reason than Math intrinsics (logs in $WORK)"
fi
exit 1
