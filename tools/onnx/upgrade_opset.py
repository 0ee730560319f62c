#!/usr/bin/python3
"""Rewrite an ONNX model (default-domain opset 11..17) to the forms of a newer opset, up to 21.

PyTorch 1.13 exports at most opset 17, but PyTorch 2.x and other tools write 18 and later. This
script applies, by hand with onnx.helper, the rewrites the ONNX operator changelog asks for, so
the importer can be tested on the newer forms without a newer exporter:

  11/12 -> 13   Squeeze, Unsqueeze: `axes` attribute -> int64 input
                Split: `split` attribute -> int64 input
                ReduceSum: `axes` attribute -> int64 input
                Softmax, LogSoftmax, Hardmax: the 2-D coercion at `axis` is gone; kept as is when
                `axis` is the last one, otherwise wrapped in Flatten/Reshape (needs the rank)
                Dropout (12): `ratio` attribute -> float input
  17 -> 18      ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceL1, ReduceL2, ReduceLogSum,
                ReduceLogSumExp, ReduceSumSquare: `axes` attribute -> int64 input
                Split with equal constant sizes -> `num_outputs` attribute (no `split` input)
                Pad with constant `pads` that pad only trailing axes -> the new `axes` input
  19 -> 20      GridSample modes renamed (bilinear -> linear, bicubic -> cubic)

Every other op whose version changed in 14..21 changed only in its type constraints or gained
optional attributes/inputs with the old behaviour as default (Reshape's allowzero, the RNNs'
layout, AveragePool's dilations, Pad's wrap mode, Cast's saturate, ...), so it is kept; ops
the script has no rule for (DFT's axis input at 20, GroupNormalization's scale shape at 21, ...)
are refused with a one-line error instead of being written wrongly.

onnx 1.12 only knows opsets up to 17, so the checker runs only when the target is <= 17.

    /usr/bin/python3 tools/onnx/upgrade_opset.py IN.onnx OUT.onnx --opset 18
"""
import argparse
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, shape_inference

# IR version that first carried each opset (onnx release table): 13->7, 14..17->8 (1.9..1.12),
# 18->8 (1.13), 19->9 (1.14), 20->9 (1.15), 21->10 (1.16).
IR_FOR_OPSET = {11: 6, 12: 7, 13: 7, 14: 7, 15: 8, 16: 8, 17: 8, 18: 8, 19: 9, 20: 9, 21: 10}
MIN_SOURCE = 11
MAX_TARGET = 21

REDUCE_18 = {"ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
             "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare"}

# Ops with a changed meaning the script cannot rewrite (op -> first opset where it changed).
REFUSED = {"DFT": 20, "GroupNormalization": 21}


class UpgradeError(Exception):
    """The model cannot be rewritten faithfully; the message names the op and node."""


def default_opset(model):
    for imp in model.opset_import:
        if imp.domain in ("", "ai.onnx"):
            return imp.version
    raise UpgradeError("model imports no default-domain opset")


class _Names:
    """Hands out value and node names that do not clash with any name already in the model."""

    def __init__(self, model):
        self.used = set()
        self._collect(model.graph)
        self.count = 0

    def _collect(self, graph):
        for n in graph.node:
            self.used.update(n.input)
            self.used.update(n.output)
            self.used.add(n.name)
            for a in n.attribute:
                for g in ([a.g] if a.type == onnx.AttributeProto.GRAPH else list(a.graphs)):
                    self._collect(g)
        self.used.update(i.name for i in graph.initializer)
        self.used.update(i.name for i in graph.input)
        self.used.update(i.name for i in graph.output)

    def fresh(self, stem):
        while True:
            self.count += 1
            name = f"{stem}_upg{self.count}"
            if name not in self.used:
                self.used.add(name)
                return name


class _Rewriter:
    def __init__(self, model, source, target):
        self.model = model
        self.source = source
        self.target = target
        self.names = _Names(model)
        self.ranks = self._ranks(model) if source < 13 <= target else {}

    @staticmethod
    def _ranks(model):
        try:
            inferred = shape_inference.infer_shapes(model)
        except Exception:  # noqa: BLE001 - ranks are only needed for a rare Softmax case
            return {}
        ranks = {}
        g = inferred.graph
        for vi in list(g.value_info) + list(g.input) + list(g.output):
            t = vi.type.tensor_type
            if t.HasField("shape"):
                ranks[vi.name] = len(t.shape.dim)
        for init in g.initializer:
            ranks[init.name] = len(init.dims)
        return ranks

    # -------------------------------------------------------------- constants

    def _const_in(self, graph, is_main, new_nodes, stem, array):
        """A constant value: an initializer in the main graph, a Constant node in a subgraph."""
        name = self.names.fresh(stem)
        tensor = numpy_helper.from_array(np.asarray(array), name)
        if is_main:
            graph.initializer.append(tensor)
        else:
            new_nodes.append(helper.make_node("Constant", [], [name], value=tensor,
                                              name=self.names.fresh(stem + "_const")))
        return name

    @staticmethod
    def _constant_value(graph, name, producers):
        for init in graph.initializer:
            if init.name == name:
                return numpy_helper.to_array(init)
        node = producers.get(name)
        if node is not None and node.op_type == "Constant":
            for a in node.attribute:
                if a.name == "value":
                    return numpy_helper.to_array(a.t)
        return None

    # -------------------------------------------------------------- graph walk

    def run(self):
        before = _uses(self.model.graph)
        self._graph(self.model.graph, True)
        self._drop_orphans(self.model.graph, before)

    @staticmethod
    def _drop_orphans(graph, used_before):
        """Removes constants that only the rewritten inputs (Split sizes, Pad pads) used."""
        used = _uses(graph)
        orphan = used_before - used
        keep = [n for n in graph.node if not (n.op_type == "Constant" and n.output[0] in orphan)]
        del graph.node[:]
        graph.node.extend(keep)
        inits = [i for i in graph.initializer if i.name not in orphan]
        del graph.initializer[:]
        graph.initializer.extend(inits)

    def _graph(self, graph, is_main):
        producers = {o: n for n in graph.node for o in n.output}
        consumers = {}
        for n in graph.node:
            for i in n.input:
                consumers[i] = consumers.get(i, 0) + 1
        out = []
        for node in graph.node:
            for a in node.attribute:
                if a.type == onnx.AttributeProto.GRAPH:
                    self._graph(a.g, False)
                for g in a.graphs:
                    self._graph(g, False)
            new_nodes = []
            self._node(graph, is_main, node, new_nodes, producers, consumers)
            out.extend(new_nodes)
        del graph.node[:]
        graph.node.extend(out)

    def _where(self, node):
        return f"node '{node.name or node.output[0]}' ({node.op_type})"

    def _node(self, graph, is_main, node, new_nodes, producers, consumers):
        op = node.op_type
        if node.domain not in ("", "ai.onnx"):
            new_nodes.append(node)
            return
        changed_at = REFUSED.get(op)
        if changed_at is not None and self.source < changed_at <= self.target:
            raise UpgradeError(f"{self._where(node)}: no rewrite rule for {op} to opset {self.target}")
        if self.source < 13 <= self.target:
            node = self._to13(graph, is_main, node, new_nodes)
            if node is None:
                return
        if self.source < 18 <= self.target:
            self._to18(graph, is_main, node, new_nodes, producers, consumers)
        if self.source < 20 <= self.target and op == "GridSample":
            for a in node.attribute:
                if a.name == "mode":
                    a.s = {b"bilinear": b"linear", b"bicubic": b"cubic"}.get(a.s, a.s)
        new_nodes.append(node)

    @staticmethod
    def _pop_attr(node, name):
        for i, a in enumerate(node.attribute):
            if a.name == name:
                del node.attribute[i]
                return a
        return None

    def _attr_to_input(self, graph, is_main, node, new_nodes, attr, position, dtype):
        """Moves attribute `attr` to input slot `position`; returns False if it was absent."""
        a = self._pop_attr(node, attr)
        if a is None:
            return False
        values = list(a.ints) if a.type == onnx.AttributeProto.INTS else a.f
        name = self._const_in(graph, is_main, new_nodes, f"{op_stem(node)}_{attr}",
                              np.asarray(values, dtype=dtype))
        while len(node.input) < position:
            node.input.append("")
        if len(node.input) == position:
            node.input.append(name)
        else:
            node.input.insert(position, name)
        return True

    # -------------------------------------------------------------- 11/12 -> 13

    def _to13(self, graph, is_main, node, new_nodes):
        op = node.op_type
        if op in ("Squeeze", "Unsqueeze", "ReduceSum"):
            self._attr_to_input(graph, is_main, node, new_nodes, "axes", 1, np.int64)
        elif op == "Split":
            self._attr_to_input(graph, is_main, node, new_nodes, "split", 1, np.int64)
        elif op == "Dropout" and self.source < 12:
            ratio = self._pop_attr(node, "ratio")
            if ratio is not None:
                name = self._const_in(graph, is_main, new_nodes, f"{op_stem(node)}_ratio",
                                      np.asarray(ratio.f, dtype=np.float32))
                node.input.append(name)
        elif op in ("Softmax", "LogSoftmax", "Hardmax"):
            return self._softmax13(graph, is_main, node, new_nodes)
        elif op == "Resize":
            for a in node.attribute:
                if a.name == "coordinate_transformation_mode" and a.s == b"tf_half_pixel_for_nn":
                    raise UpgradeError(f"{self._where(node)}: mode tf_half_pixel_for_nn was removed "
                                       "in opset 13")
        return node

    def _softmax13(self, graph, is_main, node, new_nodes):
        axis_attr = next((a for a in node.attribute if a.name == "axis"), None)
        axis = axis_attr.i if axis_attr is not None else 1
        rank = self.ranks.get(node.input[0])
        if rank is None:
            raise UpgradeError(f"{self._where(node)}: rank of its input unknown, cannot rewrite "
                               "the opset-11 2-D coercion")
        if axis < 0:
            axis += rank
        if axis == rank - 1:
            self._pop_attr(node, "axis")
            node.attribute.append(helper.make_attribute("axis", -1))
            return node
        # Old semantics: flatten to [prod(dims < axis), prod(dims >= axis)], normalize rows.
        stem = op_stem(node)
        flat = self.names.fresh(stem + "_2d")
        soft = self.names.fresh(stem + "_rows")
        shape = self.names.fresh(stem + "_shape")
        new_nodes.append(helper.make_node("Flatten", [node.input[0]], [flat], axis=axis,
                                          name=self.names.fresh(stem + "_flatten")))
        new_nodes.append(helper.make_node(node.op_type, [flat], [soft], axis=1,
                                          name=self.names.fresh(stem + "_2d_op")))
        new_nodes.append(helper.make_node("Shape", [node.input[0]], [shape],
                                          name=self.names.fresh(stem + "_shape_op")))
        new_nodes.append(helper.make_node("Reshape", [soft, shape], [node.output[0]],
                                          name=node.name or self.names.fresh(stem + "_reshape")))
        return None

    # -------------------------------------------------------------- 17 -> 18

    def _to18(self, graph, is_main, node, new_nodes, producers, consumers):
        op = node.op_type
        if op in REDUCE_18:
            self._attr_to_input(graph, is_main, node, new_nodes, "axes", 1, np.int64)
        elif op == "Split" and len(node.input) > 1 and node.input[1]:
            sizes = self._constant_value(graph, node.input[1], producers)
            if sizes is not None and len(set(sizes.tolist())) == 1 and len(sizes) == len(node.output):
                del node.input[1:]
                node.attribute.append(helper.make_attribute("num_outputs", len(node.output)))
        elif op == "Pad" and len(node.input) > 1 and node.input[1]:
            self._pad18(graph, is_main, node, new_nodes, producers)

    def _pad18(self, graph, is_main, node, new_nodes, producers):
        pads = self._constant_value(graph, node.input[1], producers)
        if pads is None or pads.size % 2:
            return
        rank = pads.size // 2
        begin, end = pads[:rank], pads[rank:]
        first = next((k for k in range(rank) if begin[k] or end[k]), rank)
        if first == 0 or first == rank:
            return
        axes = np.arange(first, rank, dtype=np.int64)
        stem = op_stem(node)
        node.input[1] = self._const_in(graph, is_main, new_nodes, stem + "_pads",
                                       np.concatenate([begin[first:], end[first:]]).astype(np.int64))
        while len(node.input) < 3:
            node.input.append("")
        node.input.append(self._const_in(graph, is_main, new_nodes, stem + "_axes", axes))


def _uses(graph):
    """Every value name read by a node of the graph or its subgraphs, or output by the graph."""
    used = {o.name for o in graph.output}
    for n in graph.node:
        used.update(n.input)
        for a in n.attribute:
            for g in ([a.g] if a.type == onnx.AttributeProto.GRAPH else list(a.graphs)):
                used |= _uses(g)
    return used


def op_stem(node):
    return (node.name or node.output[0]).strip("/").replace("/", "_") or node.op_type


def upgrade(model, target):
    """Returns a rewritten copy of `model` at default-domain opset `target`."""
    source = default_opset(model)
    if target > MAX_TARGET:
        raise UpgradeError(f"opset {target} is newer than this script knows ({MAX_TARGET})")
    if source < MIN_SOURCE:
        raise UpgradeError(f"source opset {source} is older than {MIN_SOURCE}; export at 11 or later")
    if target < source:
        raise UpgradeError(f"target opset {target} is older than the model's {source}")
    out = onnx.ModelProto()
    out.CopyFrom(model)
    _Rewriter(out, source, target).run()
    for imp in out.opset_import:
        if imp.domain in ("", "ai.onnx"):
            imp.version = target
    out.ir_version = max(out.ir_version, IR_FOR_OPSET[target])
    if target <= onnx.defs.onnx_opset_version():
        onnx.checker.check_model(out)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--opset", type=int, required=True, help="target opset, 13..21")
    args = ap.parse_args(argv)
    try:
        model = onnx.load(args.input)
        onnx.save(upgrade(model, args.opset), args.output)
    except UpgradeError as e:
        print(f"upgrade_opset: {args.input}: {e}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
