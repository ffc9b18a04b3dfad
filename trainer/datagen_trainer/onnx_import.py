"""Reads a bundled LM's weights back out of its model.onnx into a PolicyLm (the folder ships no torch checkpoint)."""
from __future__ import annotations

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from .errors import TrainerError
from .factory import policy_lm

PREFIX = "model."  # the export wraps PolicyLm as `model`, so named initializers are "model.<state key>"


def _linear_weights(graph, inits: dict) -> dict:
    """Linear weights are folded to transposed, renamed MatMul initializers; the Add after each names its bias."""
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    weights = {}
    for node in graph.node:
        if node.op_type != "MatMul" or node.input[1] not in inits or node.input[1].startswith(PREFIX):
            continue
        for add in consumers.get(node.output[0], []):
            bias = [n for n in add.input if n.startswith(PREFIX) and n.endswith(".bias")]
            if add.op_type == "Add" and bias:
                weights[bias[0][len(PREFIX):-len("bias")] + "weight"] = inits[node.input[1]].T
    return weights


def load_policy_lm(onnx_path: str, descriptor: dict):
    model = onnx.load(onnx_path)
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    state = {k[len(PREFIX):]: v for k, v in inits.items() if k.startswith(PREFIX)}
    state.update(_linear_weights(model.graph, inits))
    d_model = descriptor["num_heads"] * descriptor["head_dim"]
    mlp = state.get("blocks.0.mlp.0.bias")
    cfg = policy_lm.LmConfig(vocab_size=descriptor["vocab_size"], num_layers=descriptor["num_layers"],
                             num_heads=descriptor["num_heads"], head_dim=descriptor["head_dim"],
                             max_positions=descriptor["max_positions"],
                             mlp_ratio=(mlp.shape[0] // d_model) if mlp is not None else 4, dropout=0.0)
    lm = policy_lm.PolicyLm(cfg)
    expected = set(lm.state_dict())
    missing, extra = expected - set(state), set(state) - expected
    if missing or extra:
        raise TrainerError(f"{onnx_path}: cannot map the ONNX weights onto the bundled LM (missing "
                           f"{sorted(missing)[:3]}, unexpected {sorted(extra)[:3]}); was it exported by "
                           f"models/factory/export_lm.py?")
    lm.load_state_dict({k: torch.from_numpy(np.array(v, copy=True)) for k, v in state.items()})
    return lm
