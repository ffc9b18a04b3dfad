"""Writes a JSON file under a temporary name and renames it, so a crash never leaves a half-written descriptor."""
from __future__ import annotations

import json
import os


def write_json(path: str, obj) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")
    os.replace(tmp, path)
