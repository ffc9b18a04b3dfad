"""Training rows: JSON lines per the contract, or the run's Parquet (TRL columns) when pyarrow is importable."""
from __future__ import annotations

import glob
import json
import os
from dataclasses import dataclass

from .errors import DataError, MissingDependency

ROLES = ("system", "user", "assistant")
SFT_KINDS = ("backtrack", "clean")
DPO_KINDS = ("recover", "avoid", "clean")


@dataclass(frozen=True)
class SftRow:
    prompt: tuple  # ((role, content), ...)
    kind: str
    prefix: str
    violation: str
    marker: str
    continuation: str
    prompt_id: str
    sample_index: int


@dataclass(frozen=True)
class DpoRow:
    prompt: tuple
    chosen: str
    rejected: str
    kind: str
    prompt_id: str
    sample_index: int


def _messages(value, where):
    if not isinstance(value, list) or not value:
        raise DataError(f"{where}: 'prompt' must be a non-empty list of {{role, content}} messages")
    out = []
    for i, m in enumerate(value):
        if not isinstance(m, dict) or m.get("role") not in ROLES or not isinstance(m.get("content"), str):
            raise DataError(f"{where}: prompt[{i}] must be {{\"role\": system|user|assistant, \"content\": string}}")
        out.append((m["role"], m["content"]))
    return tuple(out)


def _text(obj, key, where, required=True):
    v = obj.get(key)
    if v is None and not required:
        return ""
    if isinstance(v, list):  # Parquet form: one assistant message
        v = "".join(m.get("content") or "" for m in v if isinstance(m, dict))
    if not isinstance(v, str):
        raise DataError(f"{where}: '{key}' must be a string (got {json.dumps(v)[:40]})")
    return v


def _common(obj, where, kinds, kind_required):
    kind = obj.get("kind", None if kind_required else "")
    if kind_required or kind:
        if kind not in kinds:
            raise DataError(f"{where}: 'kind' must be one of {', '.join(kinds)} (got {json.dumps(kind)})")
    idx = obj.get("sample_index", 0)
    if isinstance(idx, bool) or not isinstance(idx, int):
        raise DataError(f"{where}: 'sample_index' must be an integer")
    pid = obj.get("prompt_id", "")
    return kind or "", str(pid), idx


def sft_row(obj, where) -> SftRow:
    if not isinstance(obj, dict):
        raise DataError(f"{where}: each line must be a JSON object")
    prompt = _messages(obj.get("prompt"), where)
    kind, pid, idx = _common(obj, where, SFT_KINDS, True)
    row = SftRow(prompt, kind, _text(obj, "prefix", where, False), _text(obj, "violation", where, False),
                 _text(obj, "marker", where, False), _text(obj, "continuation", where), pid, idx)
    if kind == "backtrack" and not row.marker:
        raise DataError(f"{where}: a 'backtrack' row needs a non-empty 'marker' (e.g. \"[TOXIC][BACKTRACK_BY_18]\")")
    if not (row.prefix or row.violation or row.marker or row.continuation):
        raise DataError(f"{where}: the completion is empty (prefix, violation, marker and continuation are all \"\")")
    return row


def dpo_row(obj, where) -> DpoRow:
    if not isinstance(obj, dict):
        raise DataError(f"{where}: each line must be a JSON object")
    prompt = _messages(obj.get("prompt"), where)
    kind, pid, idx = _common(obj, where, DPO_KINDS, False)
    chosen, rejected = _text(obj, "chosen", where), _text(obj, "rejected", where)
    if not chosen or not rejected:
        raise DataError(f"{where}: 'chosen' and 'rejected' must both be non-empty")
    return DpoRow(prompt, chosen, rejected, kind, pid, idx)


def _jsonl(path, parse):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise DataError(f"{path}:{n}: not valid JSON ({e.msg}); each line must be one JSON object")
            rows.append(parse(obj, f"{path}:{n}"))
    return rows


def _parquet(path, parse):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingDependency(f"{path}: reading Parquet needs pyarrow (pip install pyarrow, or apt install "
                                f"python3-pyarrow where available); or give the JSON-lines file instead")
    files = sorted(glob.glob(os.path.join(path, "*.parquet"))) if os.path.isdir(path) else [path]
    rows = []
    for file in files:
        for n, obj in enumerate(pq.read_table(file).to_pylist(), 1):
            rows.append(parse(obj, f"{file}:row {n}"))
    return rows


def _read(path, parse):
    reader = _parquet if path.endswith(".parquet") or os.path.isdir(path) else _jsonl
    rows = reader(path, parse)
    if not rows:
        raise DataError(f"{path}: no rows; the training data file is empty")
    return rows


def read_sft(path: str) -> list:
    return _read(path, sft_row)


def read_dpo(path: str) -> list:
    return _read(path, dpo_row)


def kind_counts(rows) -> dict:
    counts = {}
    for r in rows:
        counts[r.kind or "unspecified"] = counts.get(r.kind or "unspecified", 0) + 1
    return counts
