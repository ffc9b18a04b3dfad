"""Checkpoints: one folder per save (PHASE-STEP/state.pt), written under a temporary name and renamed when complete."""
from __future__ import annotations

import json
import os
import random
import re
import shutil

import torch

from .events import log
from .factory import atomic_json

NAME = re.compile(r"^(sft|dpo)-(\d{6,})$")
PHASE_ORDER = {"sft": 0, "dpo": 1}
KEEP_STEP_CHECKPOINTS = 2  # older mid-phase checkpoints are pruned; phase-end ones are always kept


def rng_state() -> dict:
    state = {"torch": torch.get_rng_state(), "python": random.getstate()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def restore_rng(state: dict) -> None:
    torch.set_rng_state(state["torch"])
    random.setstate(state["python"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def _candidates(root: str) -> list:
    if not os.path.isdir(root):
        return []
    found = [(PHASE_ORDER[m.group(1)], int(m.group(2)), name)
             for name in os.listdir(root) if (m := NAME.match(name))]
    return [os.path.join(root, name) for _, _, name in sorted(found, reverse=True)]


def save(root: str, payload: dict) -> str:
    name = f"{payload['phase']}-{payload['step']:06d}"
    final = os.path.join(root, name)
    tmp = os.path.join(root, f".{name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    torch.save(payload, os.path.join(tmp, "state.pt"))
    if os.path.exists(final):
        shutil.rmtree(final)
    os.replace(tmp, final)
    _prune(root)
    return final


def _prune(root: str) -> None:
    step_ones = [p for p in _candidates(root) if not os.path.exists(os.path.join(p, "PHASE_DONE"))]
    for path in step_ones[KEEP_STEP_CHECKPOINTS:]:
        shutil.rmtree(path, ignore_errors=True)


def mark_phase_done(path: str) -> None:
    # An empty marker beside state.pt; written after the rename, so its absence only means "prunable".
    open(os.path.join(path, "PHASE_DONE"), "w").close()


def write_summary(path: str, summary: dict) -> None:
    """The phase's figures beside its final checkpoint, so a resumed run can still report a phase it skips."""
    atomic_json.write_json(os.path.join(path, "summary.json"), summary)


def phase_summary(root: str, phase: str) -> dict | None:
    for path in _candidates(root):
        if os.path.basename(path).startswith(phase + "-") and os.path.isfile(os.path.join(path, "summary.json")):
            with open(os.path.join(path, "summary.json"), encoding="utf-8") as f:
                return {**json.load(f), "resumed": True}
    return None


def load_latest(root: str, map_location):
    """The newest checkpoint that loads; unreadable ones (a crash mid-write cannot leave one, a full disk can) are
    skipped with a note on stderr. Returns (path, payload) or (None, None)."""
    for path in _candidates(root):
        try:
            return path, torch.load(os.path.join(path, "state.pt"), map_location=map_location)
        except Exception as e:  # noqa: BLE001 - any unreadable file means "try the older one"
            log(f"skipping unreadable checkpoint {path}: {type(e).__name__}: {e}")
    return None, None
