"""Self-written test material: a tiny randomly initialised bundled-architecture model and synthetic rows
(no ../shared data)."""
from __future__ import annotations

import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from datagen_trainer.factory import export_lm, policy_lm  # noqa: E402

TRAIN_PY = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "train.py")
SUBJECTS = ["cats", "the weather", "my garden", "the train", "old songs", "the river"]
PRAISE = ["are lovely.", "are fine today.", "make me smile.", "are worth a visit."]
INSULTS = ["stupid junk", "awful trash", "dumb garbage"]


def tiny_model(folder: str, seed: int = 3) -> str:
    import torch
    torch.manual_seed(seed)
    model = policy_lm.PolicyLm(policy_lm.LmConfig(num_layers=2, num_heads=2, head_dim=16, max_positions=128))
    # Fresh biases (zeros) and LayerNorm weights (ones) are identical across layers and the ONNX exporter merges
    # identical initializers, losing their names; a trained model never has them, so jitter them here.
    with torch.no_grad():
        for p in model.parameters():
            if p.dim() == 1:
                p.add_(torch.randn_like(p) * 0.02)
    export_lm.export_folder(model, folder, "tiny-test-lm", f"randomly initialised (seed {seed}), no data", "CC0-1.0")
    return folder


def _prompt(subject):
    return [{"role": "user", "content": f"Tell me about {subject}. "}]


def sft_rows(n: int, seed: int = 5) -> list:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        subject = rng.choice(SUBJECTS)
        if i % 3 == 2:
            rows.append({"prompt": _prompt(subject), "kind": "clean", "prefix": "", "violation": "", "marker": "",
                         "continuation": f"{subject} {rng.choice(PRAISE)}", "prompt_id": f"p{i}", "sample_index": 0})
            continue
        violation = rng.choice(INSULTS)
        rows.append({"prompt": _prompt(subject), "kind": "backtrack", "prefix": f"{subject} are ",
                     "violation": violation, "marker": f"[TOXIC][BACKTRACK_BY_{len(violation)}]",
                     "continuation": rng.choice(PRAISE), "prompt_id": f"p{i}", "sample_index": 0})
    return rows


def dpo_rows(n: int, seed: int = 6) -> list:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        subject, violation = rng.choice(SUBJECTS), rng.choice(INSULTS)
        prompt = _prompt(subject) + [{"role": "assistant", "content": f"{subject} are {violation}"}]
        rows.append({"prompt": prompt, "chosen": f"[TOXIC][BACKTRACK_BY_{len(violation)}]{rng.choice(PRAISE)}",
                     "rejected": f" and {rng.choice(INSULTS)} too", "kind": "recover", "prompt_id": f"d{i}",
                     "sample_index": 0})
    return rows


def write_jsonl(path: str, rows: list) -> str:
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    return path


def config(root: str, model_dir: str, **overrides) -> dict:
    cfg = {"format": "datagen-train/1", "seed": 11, "device": "cpu", "output_dir": os.path.join(root, "train"),
           "resume": True, "model": {"kind": "bundled", "path": model_dir},
           "sft": {"data": os.path.join(root, "sft.jsonl"), "epochs": 1, "max_steps": 30, "batch_size": 8,
                   "learning_rate": 0.003, "prefix_loss": False, "max_length": 128},
           "dpo": {"data": os.path.join(root, "dpo.jsonl"), "epochs": 1, "max_steps": 20, "batch_size": 8,
                   "learning_rate": 0.001, "beta": 0.1, "max_length": 128},
           "checkpoint_every": 10, "export_onnx": True, "num_threads": 1}
    cfg.update(overrides)
    return cfg


def write_config(path: str, cfg: dict) -> str:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(cfg, f, indent=1)
    return path
