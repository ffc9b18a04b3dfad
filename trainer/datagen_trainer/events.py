"""Progress events: one JSON object per line on stdout (nothing else goes there) and appended to metrics.jsonl."""
from __future__ import annotations

import json
import math
import os
import sys


def _clean(v):
    # JSON has no NaN/Infinity; a diverged loss is reported as null rather than breaking the reader.
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: _clean(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_clean(x) for x in v]
    return v


class EventLog:
    def __init__(self, metrics_path: str | None = None, stream=None):
        self.stream = stream if stream is not None else sys.stdout
        self.metrics_path = metrics_path

    def attach(self, metrics_path: str) -> None:
        os.makedirs(os.path.dirname(metrics_path), exist_ok=True)
        self.metrics_path = metrics_path

    def emit(self, event: str, **fields) -> dict:
        obj = _clean({"event": event, **fields})
        line = json.dumps(obj, ensure_ascii=False)
        self.stream.write(line + "\n")
        self.stream.flush()
        if self.metrics_path:
            with open(self.metrics_path, "a", encoding="utf-8") as f:
                f.write(line + "\n")
        return obj


def log(message: str) -> None:
    """Human log line on stderr."""
    print(f"trainer: {message}", file=sys.stderr, flush=True)
