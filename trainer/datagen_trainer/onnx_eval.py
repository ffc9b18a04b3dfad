"""Runs an exported ONNX graph to check it against PyTorch: onnxruntime when importable, else a small numpy
interpreter of the operators the factory's LM export uses (Debian ships no Python onnxruntime)."""
from __future__ import annotations

import numpy as np
import onnx
import torch
from onnx import numpy_helper

try:
    from onnx.helper import tensor_dtype_to_np_dtype as _np_dtype
except ImportError:  # onnx < 1.13
    from onnx.mapping import TENSOR_TYPE_TO_NP_TYPE

    def _np_dtype(t):
        return TENSOR_TYPE_TO_NP_TYPE[t]


def _attrs(node) -> dict:
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _div(a, b):
    if np.issubdtype(a.dtype, np.integer):
        return np.trunc(a / b).astype(a.dtype)
    return (a / b).astype(np.result_type(a, b))


def _unsqueeze(x, axes):
    rank = x.ndim + len(axes)
    for ax in sorted(int(a) % rank for a in axes):
        x = np.expand_dims(x, ax)
    return x


def _reshape(x, shape):
    shape = [x.shape[i] if s == 0 else int(s) for i, s in enumerate(shape)]
    return x.reshape(shape)


def _split(x, inputs, at, n_out):
    axis = at.get("axis", 0)
    sizes = list(inputs[1]) if len(inputs) > 1 and inputs[1] is not None else at.get("split")
    if sizes is None:
        sizes = [x.shape[axis] // n_out] * n_out
    return np.split(x, np.cumsum(sizes)[:-1], axis=axis)


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _slice(x, starts, ends, axes=None, steps=None):
    axes = range(len(starts)) if axes is None else axes
    steps = [1] * len(starts) if steps is None else steps
    idx = [slice(None)] * x.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        idx[int(a)] = slice(int(s), int(e), int(st))
    return x[tuple(idx)]


def _op(op, i, at, n_out):
    ops = {
        "Add": lambda: i[0] + i[1], "Sub": lambda: i[0] - i[1], "Mul": lambda: i[0] * i[1],
        "Div": lambda: _div(i[0], i[1]), "Pow": lambda: np.power(i[0], i[1]).astype(i[0].dtype),
        "Sqrt": lambda: np.sqrt(i[0]), "Neg": lambda: -i[0], "Identity": lambda: i[0],
        "Erf": lambda: torch.erf(torch.from_numpy(np.ascontiguousarray(i[0]))).numpy(),
        "Not": lambda: np.logical_not(i[0]), "And": lambda: np.logical_and(i[0], i[1]),
        "Equal": lambda: np.equal(i[0], i[1]), "LessOrEqual": lambda: np.less_equal(i[0], i[1]),
        "Less": lambda: np.less(i[0], i[1]), "Greater": lambda: np.greater(i[0], i[1]),
        "Where": lambda: np.where(i[0], i[1], i[2]), "MatMul": lambda: np.matmul(i[0], i[1]),
        "Unsqueeze": lambda: _unsqueeze(i[0], i[1] if len(i) > 1 else at["axes"]),
        "Squeeze": lambda: np.squeeze(i[0], axis=tuple(int(a) for a in (i[1] if len(i) > 1 else at["axes"]))),
        "Concat": lambda: np.concatenate(i, axis=at["axis"]),
        "Transpose": lambda: np.transpose(i[0], at.get("perm")),
        "ReduceMean": lambda: np.mean(i[0], axis=tuple(at["axes"]), keepdims=bool(at.get("keepdims", 1))),
        "Reshape": lambda: _reshape(i[0], i[1]), "Gather": lambda: np.take(i[0], i[1], axis=at.get("axis", 0)),
        "Shape": lambda: np.array(i[0].shape, dtype=np.int64), "Cast": lambda: i[0].astype(_np_dtype(at["to"])),
        "Softmax": lambda: _softmax(i[0], at.get("axis", -1)),
        "Range": lambda: np.arange(i[0], i[1], i[2]).astype(i[0].dtype),
        "Expand": lambda: i[0] * np.ones(tuple(int(s) for s in i[1]), dtype=i[0].dtype),
        "ConstantOfShape": lambda: np.full(tuple(int(s) for s in i[0]),
                                           numpy_helper.to_array(at["value"]).reshape(-1)[0] if "value" in at
                                           else np.float32(0)),
        "CumSum": lambda: np.cumsum(i[0], axis=int(i[1])).astype(i[0].dtype),
        "Slice": lambda: _slice(i[0], *[x if x is None else list(x) for x in (i[1:] + [None, None, None])[:4]]),
    }
    if op == "Split":
        return _split(i[0], i, at, n_out)
    if op not in ops:
        raise NotImplementedError(f"ONNX operator {op} is not supported by the numpy checker; install onnxruntime")
    return [ops[op]()]


def _interpret(model, feeds: dict) -> dict:
    env = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    env.update(feeds)
    for node in model.graph.node:
        at = _attrs(node)
        if node.op_type == "Constant":
            outs = [numpy_helper.to_array(at["value"])]
        else:
            outs = _op(node.op_type, [env[n] if n else None for n in node.input], at, len(node.output))
        for name, value in zip(node.output, outs):
            env[name] = np.asarray(value)
    return {o.name: env[o.name] for o in model.graph.output}


def run_onnx(path: str, feeds: dict) -> tuple:
    """Returns (outputs by name, engine name)."""
    try:
        import onnxruntime as ort
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        names = [o.name for o in sess.get_outputs()]
        return dict(zip(names, sess.run(names, feeds))), "onnxruntime"
    except ImportError:
        return _interpret(onnx.load(path), feeds), "numpy-reference"
