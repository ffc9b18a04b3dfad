"""Reading the SemEval-2021 Task 5 (toxic spans) CSV files and mapping character offsets to byte labels."""
from __future__ import annotations

import ast
import csv
import json
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Post:
    text: str
    spans: frozenset  # gold character offsets into the Python str


def read_tsd(path: str) -> list[Post]:
    if not os.path.isfile(path):
        raise SystemExit(f"{path}: file not found; pass --data pointing at a folder with toxic_spans/tsd_*.csv")
    posts = []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or not {"spans", "text"} <= set(reader.fieldnames):
            raise SystemExit(f"{path}: expected CSV columns 'spans,text', got {reader.fieldnames}")
        for line_no, row in enumerate(reader, start=2):
            try:
                offsets = ast.literal_eval(row["spans"])
            except (ValueError, SyntaxError) as e:
                raise SystemExit(f"{path}: record ending near line {reader.line_num}: bad 'spans' value ({e}); "
                                 "expected a list of integers like [3, 4, 5]") from None
            text = row["text"]
            posts.append(Post(text, frozenset(o for o in offsets if 0 <= o < len(text))))
    return posts


def char_byte_starts(text: str) -> list[int]:
    """Byte offset of each character in the UTF-8 encoding, plus the total length at the end."""
    starts, pos = [], 0
    for ch in text:
        starts.append(pos)
        pos += len(ch.encode("utf-8"))
    starts.append(pos)
    return starts


def byte_labels(post: Post) -> list[int]:
    """Per-byte 0/1 labels: every byte of a gold character is toxic."""
    starts = char_byte_starts(post.text)
    labels = [0] * starts[-1]
    for o in post.spans:
        for b in range(starts[o], starts[o + 1]):
            labels[b] = 1
    return labels


def char_scores_from_bytes(text: str, byte_scores) -> list[float]:
    """Character score = max over its bytes (bytes beyond the scored window score 0)."""
    starts = char_byte_starts(text)
    n = len(byte_scores)
    return [max((float(byte_scores[b]) for b in range(starts[i], min(starts[i + 1], n))), default=0.0)
            for i in range(len(text))]


CLEAN_TOXICITY = 0.1  # RealToxicityPrompts continuations scored below this by Perspective count as clean


def read_clean_rtp(data_dir: str) -> list[Post]:
    """Clean texts for a false-positive check: RealToxicityPrompts rows (data/rtp/*.jsonl) whose continuation has
    Perspective toxicity below CLEAN_TOXICITY, as prompt + continuation, with no gold span. [] when there is no rtp
    folder."""
    folder = os.path.join(data_dir, "rtp")
    if not os.path.isdir(folder):
        return []
    out = []
    for name in sorted(n for n in os.listdir(folder) if n.endswith(".jsonl")):
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as f:
            for line_no, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    prompt, cont = row["prompt"], row["continuation"]
                    tox = cont.get("toxicity")
                    text = prompt["text"] + cont["text"]
                except (ValueError, KeyError, TypeError) as e:
                    raise SystemExit(f"{path}:{line_no}: expected a RealToxicityPrompts row with prompt.text and "
                                     f"continuation.text/toxicity ({e})") from None
                if tox is not None and tox < CLEAN_TOXICITY:
                    out.append(Post(text, frozenset()))
    return out
