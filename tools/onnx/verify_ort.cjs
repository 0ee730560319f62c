#!/usr/bin/env node
// Runs every model of a fixture manifest (manifest.json written by op_families.py or
// train_zoo.py) in ONNX Runtime and compares its output with the saved PyTorch reference.
// An independent check that the exported and rewritten files mean what PyTorch computed:
// the Python side has no ONNX Runtime, and onnx 1.12 cannot even check opsets 18..21.
//
//   npm install --prefix /tmp/ort --ignore-scripts onnxruntime-node
//   NODE_PATH=/tmp/ort/node_modules node tools/onnx/verify_ort.cjs DIR [--tolerance 1e-4]
//
// Exit 0 when every model is within tolerance (relative to max |reference|), 1 otherwise.
"use strict";
const fs = require("fs");
const path = require("path");
const ort = require("onnxruntime-node");

function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.toString("latin1", 1, 6) !== "NUMPY") throw new Error(`${file}: not an .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.toString("latin1", start, start + headerLen);
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${file}: Fortran order`);
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(",")
    .map((s) => s.trim()).filter((s) => s.length).map(Number);
  const body = buf.subarray(start + headerLen);
  const copy = new Uint8Array(body).buffer; // aligned
  const types = { "<f4": [Float32Array, "float32"], "<f8": [Float64Array, "float64"],
    "<i8": [BigInt64Array, "int64"] };
  if (!types[descr]) throw new Error(`${file}: unsupported dtype ${descr}`);
  const [Ctor, type] = types[descr];
  return { type, shape, data: new Ctor(copy) };
}

async function verify(dir, entry, tolerance) {
  const x = readNpy(path.resolve(dir, entry.input));
  const ref = readNpy(path.resolve(dir, entry.output));
  const session = await ort.InferenceSession.create(path.resolve(dir, entry.file), { logSeverityLevel: 3 });
  const feeds = { [session.inputNames[0]]: new ort.Tensor(x.type, x.data, x.shape) };
  const result = await session.run(feeds);
  const out = result[session.outputNames[0]];
  if (out.dims.join(",") !== ref.shape.join(",")) {
    return { ok: false, msg: `shape [${out.dims}] vs reference [${ref.shape}]` };
  }
  let scale = 1e-30;
  let diff = 0;
  for (let i = 0; i < ref.data.length; i++) {
    scale = Math.max(scale, Math.abs(Number(ref.data[i])));
    diff = Math.max(diff, Math.abs(Number(out.data[i]) - Number(ref.data[i])));
  }
  const rel = diff / scale;
  let ok = rel <= tolerance;
  let msg = `max rel err ${rel.toExponential(2)}`;
  if (entry.labels) {
    // Classifier: also the accuracy ONNX Runtime reaches on these samples.
    const labels = readNpy(path.resolve(dir, entry.labels)).data;
    const classes = out.dims[out.dims.length - 1];
    let right = 0;
    for (let n = 0; n < labels.length; n++) {
      let best = 0;
      for (let c = 1; c < classes; c++) {
        if (out.data[n * classes + c] > out.data[n * classes + best]) best = c;
      }
      if (BigInt(best) === BigInt(labels[n])) right++;
    }
    const acc = right / labels.length;
    msg += `, accuracy ${(100 * acc).toFixed(2)} % of ${labels.length}`;
    if (entry.accuracy !== undefined && Math.abs(acc - entry.accuracy) > 0.002) {
      ok = false;
      msg += ` (PyTorch: ${(100 * entry.accuracy).toFixed(2)} %)`;
    }
  }
  return { ok, msg };
}

async function main() {
  const args = process.argv.slice(2);
  const tolIdx = args.indexOf("--tolerance");
  const tolerance = tolIdx >= 0 ? Number(args[tolIdx + 1]) : 1e-4;
  const dir = args.find((a, i) => !a.startsWith("--") && (tolIdx < 0 || i !== tolIdx + 1));
  if (!dir) {
    console.error("usage: verify_ort.cjs DIR [--tolerance 1e-4]");
    process.exit(2);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
  let passed = 0;
  let failed = 0;
  let worst = 0;
  for (const entry of manifest.models) {
    let r;
    try {
      r = await verify(dir, entry, tolerance);
    } catch (e) {
      r = { ok: false, msg: String(e.message || e).split("\n")[0] };
    }
    const m = /err ([0-9.e+-]+)/.exec(r.msg);
    if (m) worst = Math.max(worst, Number(m[1]));
    if (r.ok) passed++;
    else failed++;
    if (!r.ok || process.env.VERBOSE || entry.labels) console.log(`${r.ok ? "ok  " : "FAIL"} ${entry.file}: ${r.msg}`);
  }
  console.log(`worst relative error ${worst.toExponential(2)} (tolerance ${tolerance})`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
