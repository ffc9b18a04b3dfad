"""Export a PolicyLm to ONNX (decoder-with-past, one graph for prefill and decode) plus model.json and parity.json.

Usage (tiny random fixture for the C# runtime tests):
  /usr/bin/python3 models/factory/export_lm.py --tiny-random --out tests/DataGen.Tests/Fixtures/tiny-lm
"""
from __future__ import annotations

import argparse
import os
import sys

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from atomic_json import write_json  # noqa: E402
from policy_lm import BOS_ID, PAD_ID, LmConfig, PolicyLm, encode_text, model_json  # noqa: E402

OPSET = 14
PARITY_TOLERANCE = 1e-4


class _OnnxWrapper(nn.Module):
    """Flat positional signature: input_ids, attention_mask, position_ids, k0, v0, k1, v1, ..."""

    def __init__(self, model: PolicyLm):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, position_ids, *flat_past):
        past = [(flat_past[2 * i], flat_past[2 * i + 1]) for i in range(len(flat_past) // 2)]
        logits, presents = self.model(input_ids, attention_mask, position_ids, past)
        out = [logits]
        for k, v in presents:
            out.extend([k, v])
        return tuple(out)


def io_names(num_layers: int):
    past = [f"past_key_values.{i}.{kv}" for i in range(num_layers) for kv in ("key", "value")]
    present = [f"present.{i}.{kv}" for i in range(num_layers) for kv in ("key", "value")]
    return ["input_ids", "attention_mask", "position_ids"] + past, ["logits"] + present


def left_pad(rows: list[list[int]]):
    """Left-pad token rows; returns input_ids, attention_mask, position_ids (contract: cumsum(mask)-1 clamped)."""
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), PAD_ID, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, width - len(r):] = torch.tensor(r)
        mask[i, width - len(r):] = 1
    pos = (mask.cumsum(-1) - 1).clamp(min=0)
    return ids, mask, pos


def empty_past(cfg: LmConfig, batch: int):
    return [(torch.zeros(batch, cfg.num_heads, 0, cfg.head_dim), torch.zeros(batch, cfg.num_heads, 0, cfg.head_dim))
            for _ in range(cfg.num_layers)]


@torch.no_grad()
def export_onnx(model: PolicyLm, path: str) -> None:
    cfg = model.cfg
    model.eval()
    wrapper = _OnnxWrapper(model)
    # Trace with a non-empty past and batch 2 so no past/batch dimension gets frozen into the graph.
    ids, mask, pos = left_pad([encode_text("abcdef"), encode_text("abc")])
    _, presents = model(ids[:, :4], mask[:, :4], pos[:, :4], empty_past(cfg, 2))
    step_ids, step_pos = ids[:, 4:], pos[:, 4:]
    flat = [t for kv in presents for t in kv]
    inputs, outputs = io_names(cfg.num_layers)
    dyn = {"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "total_seq"},
           "position_ids": {0: "batch", 1: "seq"}, "logits": {0: "batch", 1: "seq"}}
    for n in inputs[3:]:
        dyn[n] = {0: "batch", 2: "past_seq"}
    for n in outputs[1:]:
        dyn[n] = {0: "batch", 2: "total_seq"}
    tmp = path + ".tmp"
    torch.onnx.export(wrapper, (step_ids, mask, step_pos, *flat), tmp, input_names=inputs, output_names=outputs,
                      dynamic_axes=dyn, opset_version=OPSET, do_constant_folding=True)
    import onnx
    onnx.checker.check_model(onnx.load(tmp))
    os.replace(tmp, path)


def _case(model, rows, cfg):
    ids, mask, pos = left_pad(rows)
    logits, _ = model(ids, mask, pos, empty_past(cfg, len(rows)))
    return {"input_ids": ids.tolist(), "attention_mask": mask.tolist(), "position_ids": pos.tolist(),
            "last_logits": logits[:, -1, :].tolist(), "logits_sum": float(logits.sum())}, logits


@torch.no_grad()
def parity(model: PolicyLm) -> dict:
    """Full-sequence case plus a prefill-then-one-decode-step case; asserts both paths agree in PyTorch."""
    cfg = model.cfg
    model.eval()
    rows = [encode_text("Hello, world! The weather is"), encode_text("Hi there")]
    full, full_logits = _case(model, rows, cfg)
    # Cached case: prefill everything but the last token, then decode the last token with the cache.
    ids, mask, pos = left_pad(rows)
    prefix_ids, prefix_mask, prefix_pos = ids[:, :-1], mask[:, :-1], pos[:, :-1]
    _, presents = model(prefix_ids, prefix_mask, prefix_pos, empty_past(cfg, len(rows)))
    step_logits, _ = model(ids[:, -1:], mask, pos[:, -1:], presents)
    diff = float((step_logits[:, -1, :] - full_logits[:, -1, :]).abs().max())
    assert diff < 1e-5, f"KV-cache decode disagrees with full-sequence forward: max abs diff {diff}"
    # Padded query rows must stay finite (large negative mask, never -inf).
    assert torch.isfinite(full_logits).all(), "non-finite logits on padded rows"
    cached = {"prefix_ids": prefix_ids.tolist(), "prefix_attention_mask": prefix_mask.tolist(),
              "prefix_position_ids": prefix_pos.tolist(), "input_ids": ids[:, -1:].tolist(),
              "attention_mask": mask.tolist(), "position_ids": pos[:, -1:].tolist(),
              "last_logits": step_logits[:, -1, :].tolist(), "logits_sum": float(step_logits.sum())}
    return {**full, "tolerance": PARITY_TOLERANCE, "cached_case": cached,
            "note": "cached_case: run prefix_* with empty past (past_seq=0), feed its present.* as past_key_values.*, "
                    "then run input_ids/attention_mask/position_ids; attention_mask covers prefix + step."}



def export_folder(model: PolicyLm, out_dir: str, name: str, source: str, license_: str) -> None:
    os.makedirs(out_dir, exist_ok=True)
    export_onnx(model, os.path.join(out_dir, "model.onnx"))
    write_json(os.path.join(out_dir, "parity.json"), parity(model))
    write_json(os.path.join(out_dir, "model.json"), model_json(model.cfg, name, source, license_))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tiny-random", action="store_true", help="export a tiny randomly initialised model")
    ap.add_argument("--checkpoint", help="a torch checkpoint written by train_lm.py")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    if args.tiny_random:
        cfg = LmConfig(num_layers=2, num_heads=2, head_dim=16, max_positions=128)
        model = PolicyLm(cfg)
        export_folder(model, args.out, "datagen-tiny-random-lm",
                      "randomly initialised test fixture (seed %d), no training data" % args.seed, "CC0-1.0")
    elif args.checkpoint:
        ck = torch.load(args.checkpoint, map_location="cpu")
        model = PolicyLm(LmConfig(**ck["config"]))
        model.load_state_dict(ck["state_dict"])
        export_folder(model, args.out, ck["name"], ck["source"], ck["license"])
    else:
        ap.error("give --tiny-random or --checkpoint")


if __name__ == "__main__":
    main()
