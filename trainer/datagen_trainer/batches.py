"""Seeded per-epoch batch order and right-padded batches with attention masks."""
from __future__ import annotations

import torch

from .examples import IGNORE


def epoch_batches(n_rows: int, batch_size: int, seed: int, epoch: int) -> list:
    """The same seed and epoch always give the same batches, so a resumed run replays the order exactly."""
    g = torch.Generator()
    g.manual_seed(seed * 1009 + epoch)
    order = torch.randperm(n_rows, generator=g).tolist()
    return [order[i:i + batch_size] for i in range(0, n_rows, batch_size)]


def steps_per_epoch(n_rows: int, batch_size: int) -> int:
    return (n_rows + batch_size - 1) // batch_size


def collate(examples: list, pad_id: int, device) -> dict:
    """Right padding: real tokens start at position 0, so causal attention never looks at a pad."""
    width = max(len(e.ids) for e in examples)
    ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(examples), width), dtype=torch.long)
    labels = torch.full((len(examples), width), IGNORE, dtype=torch.long)
    for i, e in enumerate(examples):
        n = len(e.ids)
        ids[i, :n] = torch.tensor(e.ids, dtype=torch.long)
        mask[i, :n] = 1
        labels[i, :n] = torch.tensor(e.labels, dtype=torch.long)
    return {"input_ids": ids.to(device), "attention_mask": mask.to(device), "labels": labels.to(device)}
