"""The bundled byte-level policy LM: loaded from its model folder, trained in PyTorch, exported back to ONNX."""
from __future__ import annotations

import json
import os

import numpy as np
import torch

from .byte_codec import ByteCodec
from .errors import TrainerError
from .events import log
from .factory import atomic_json, export_lm
from .onnx_eval import run_onnx
from .onnx_import import load_policy_lm

IMPORT_TOLERANCE = 1e-3


def _logits(model, ids, mask, pos):
    with torch.no_grad():
        return model(torch.tensor(ids), torch.tensor(mask), torch.tensor(pos))[0]


class BundledModel:
    kind = "bundled"

    def __init__(self, folder: str, device):
        with open(os.path.join(folder, "model.json"), encoding="utf-8") as f:
            self.descriptor = json.load(f)
        self.folder, self.device = folder, device
        onnx_path = os.path.join(folder, self.descriptor.get("onnx", "model.onnx"))
        self.module = load_policy_lm(onnx_path, self.descriptor)
        self.import_diff = self._check_import()
        self.module.to(device)
        self.codec = ByteCodec(self.descriptor)
        self.max_positions = self.descriptor["max_positions"]

    def _check_import(self):
        """The folder's parity.json holds the exporter's reference logits: the weights read back must reproduce them."""
        path = os.path.join(self.folder, "parity.json")
        if not os.path.isfile(path):
            log(f"{self.folder}: no parity.json, so the weights read from ONNX are not cross-checked")
            return None
        with open(path, encoding="utf-8") as f:
            p = json.load(f)
        self.module.eval()
        got = _logits(self.module, p["input_ids"], p["attention_mask"], p["position_ids"])[:, -1, :]
        diff = float((got - torch.tensor(p["last_logits"])).abs().max())
        if diff > IMPORT_TOLERANCE:
            raise TrainerError(f"{path}: the weights read from model.onnx give logits {diff:.2e} away from the "
                               f"reference (tolerance {IMPORT_TOLERANCE}); the model folder is inconsistent")
        return diff

    def base_name(self) -> str:
        return self.descriptor.get("name", os.path.basename(self.folder.rstrip(os.sep)))

    def parameters(self) -> int:
        return sum(p.numel() for p in self.module.parameters())

    def trainable(self):
        return [p for p in self.module.parameters() if p.requires_grad]

    def logits(self, module, batch):
        mask = batch["attention_mask"]
        pos = (mask.cumsum(-1) - 1).clamp(min=0)
        return module(batch["input_ids"], mask, pos)[0]

    def state(self):
        return self.module.state_dict()

    def load_state(self, state):
        self.module.load_state_dict(state)

    def pad_id(self):
        return self.codec.pad_id

    def export(self, out_dir: str, name: str, source: str, license_: str) -> dict:
        """model.onnx + parity.json + model.json (with "base") via the factory's exporter, then an ONNX parity run."""
        cpu = export_lm.PolicyLm(self.module.cfg)
        cpu.load_state_dict({k: v.detach().cpu() for k, v in self.module.state_dict().items()})
        cpu.eval()
        export_lm.export_folder(cpu, out_dir, name, source, license_)
        desc_path = os.path.join(out_dir, "model.json")
        with open(desc_path, encoding="utf-8") as f:
            desc = json.load(f)
        desc["base"] = self.base_name()
        atomic_json.write_json(desc_path, desc)
        return onnx_parity(os.path.join(out_dir, "model.onnx"), os.path.join(out_dir, "parity.json"),
                           cpu.cfg.num_layers, cpu.cfg.num_heads, cpu.cfg.head_dim)


def empty_past_feeds(batch: int, layers: int, heads: int, head_dim: int) -> dict:
    """past_key_values.* inputs of length 0: the graph then runs as a plain full-sequence forward."""
    return {f"past_key_values.{i}.{kv}": np.zeros((batch, heads, 0, head_dim), dtype=np.float32)
            for i in range(layers) for kv in ("key", "value")}


def onnx_parity(onnx_path: str, parity_path: str, layers: int, heads: int, head_dim: int) -> dict:
    """Runs the exported graph on the parity.json input (empty past) and compares with PyTorch's logits."""
    with open(parity_path, encoding="utf-8") as f:
        p = json.load(f)
    ids = np.array(p["input_ids"], dtype=np.int64)
    feeds = {"input_ids": ids, "attention_mask": np.array(p["attention_mask"], dtype=np.int64),
             "position_ids": np.array(p["position_ids"], dtype=np.int64)}
    feeds.update(empty_past_feeds(ids.shape[0], layers, heads, head_dim))
    out, engine = run_onnx(onnx_path, feeds)
    diff = float(np.abs(out["logits"][:, -1, :] - np.array(p["last_logits"], dtype=np.float32)).max())
    return {"max_abs_diff": diff, "tolerance": p.get("tolerance"), "engine": engine,
            "input_shape": list(ids.shape)}

