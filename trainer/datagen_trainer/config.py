"""CONFIG.json (format datagen-train/1): parsed into plain dataclasses with strict validation (unknown key = error)."""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from typing import Optional

from .errors import ConfigError

FORMAT = "datagen-train/1"
SCHEDULES = ("cosine", "linear", "constant")
DTYPES = ("auto", "float32", "bfloat16", "float16")


@dataclass(frozen=True)
class LoraSettings:
    r: int
    alpha: float
    dropout: float
    target_modules: tuple


@dataclass(frozen=True)
class ModelSettings:
    kind: str
    path: str
    lora: Optional[LoraSettings]
    dtype: str


@dataclass(frozen=True)
class PhaseSettings:
    name: str
    data: str
    epochs: int
    max_steps: int
    batch_size: int
    learning_rate: float
    max_length: int
    prefix_loss: bool
    beta: float
    schedule: str
    warmup_ratio: float
    max_grad_norm: float
    weight_decay: float


@dataclass(frozen=True)
class TrainConfig:
    source: str
    seed: int
    device: str
    output_dir: str
    resume: bool
    model: ModelSettings
    sft: Optional[PhaseSettings]
    dpo: Optional[PhaseSettings]
    checkpoint_every: int
    export_onnx: bool
    log_every: int
    num_threads: int
    raw: dict


class _Section:
    """Typed reads of one JSON object; every failure names the dotted key, the problem and the fix."""

    def __init__(self, obj, where: str, source: str, allowed: set):
        if not isinstance(obj, dict):
            raise ConfigError(f"{source}: '{where or 'top level'}' must be a JSON object")
        self.obj, self.where, self.source = obj, where, source
        for key in obj:
            if key not in allowed:
                raise ConfigError(f"{source}: unknown key '{self._name(key)}'; allowed: {', '.join(sorted(allowed))}")

    def _name(self, key):
        return f"{self.where}.{key}" if self.where else key

    def fail(self, key, what):
        raise ConfigError(f"{self.source}: key '{self._name(key)}' {what}")

    def has(self, key):
        return key in self.obj and self.obj[key] is not None

    def get(self, key, default=None, required=False):
        if key not in self.obj or self.obj[key] is None:
            if required:
                self.fail(key, "is required")
            return default
        return self.obj[key]

    def integer(self, key, default=None, minimum=None, required=False):
        v = self.get(key, default, required)
        if isinstance(v, bool) or not isinstance(v, int) and not (isinstance(v, float) and v.is_integer()):
            self.fail(key, f"must be an integer (got {json.dumps(v)})")
        v = int(v)
        if minimum is not None and v < minimum:
            self.fail(key, f"must be >= {minimum} (got {v})")
        return v

    def number(self, key, default=None, minimum=None, maximum=None, exclusive_min=False, required=False):
        v = self.get(key, default, required)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            self.fail(key, f"must be a finite number (got {json.dumps(v)})")
        if minimum is not None and (v <= minimum if exclusive_min else v < minimum):
            self.fail(key, f"must be {'>' if exclusive_min else '>='} {minimum} (got {v})")
        if maximum is not None and v > maximum:
            self.fail(key, f"must be <= {maximum} (got {v})")
        return float(v)

    def boolean(self, key, default=None, required=False):
        v = self.get(key, default, required)
        if not isinstance(v, bool):
            self.fail(key, f"must be true or false (got {json.dumps(v)})")
        return v

    def string(self, key, default=None, choices=None, required=False):
        v = self.get(key, default, required)
        if not isinstance(v, str) or not v:
            self.fail(key, f"must be a non-empty string (got {json.dumps(v)})")
        if choices is not None and v not in choices:
            self.fail(key, f"must be one of {', '.join(choices)} (got '{v}')")
        return v

    def path(self, key, base, must_exist=False, required=True):
        v = self.string(key, required=required)
        if v is None:
            return None
        p = v if os.path.isabs(v) else os.path.normpath(os.path.join(base, v))
        if must_exist and not os.path.exists(p):
            self.fail(key, f"names '{p}', which does not exist; give the path of an existing file or folder")
        return p


def _device(s: _Section) -> str:
    d = s.string("device", "auto")
    if d in ("auto", "cpu", "cuda") or (d.startswith("cuda:") and d[5:].isdigit()):
        return d
    s.fail("device", f"must be auto, cpu, cuda or cuda:N (got '{d}')")


def _lora(parent: _Section) -> Optional[LoraSettings]:
    if not parent.has("lora"):
        return None
    s = _Section(parent.obj["lora"], "model.lora", parent.source, {"r", "alpha", "dropout", "target_modules"})
    mods = s.get("target_modules", ["q_proj", "v_proj"])
    if not isinstance(mods, list) or not mods or not all(isinstance(m, str) and m for m in mods):
        s.fail("target_modules", "must be a non-empty list of module names, e.g. [\"q_proj\", \"v_proj\"]")
    return LoraSettings(r=s.integer("r", 8, minimum=1), alpha=s.number("alpha", 16.0, minimum=0, exclusive_min=True),
                        dropout=s.number("dropout", 0.05, minimum=0.0, maximum=1.0), target_modules=tuple(mods))


def _model(top: _Section, base: str) -> ModelSettings:
    s = _Section(top.get("model", required=True), "model", top.source, {"kind", "path", "lora", "dtype"})
    kind = s.string("kind", required=True, choices=("bundled", "hf"))
    if kind == "bundled":
        if s.has("lora"):
            s.fail("lora", "is only for kind 'hf'; remove it or set it to null")
        path = s.path("path", base, must_exist=True)
        if not os.path.isfile(os.path.join(path, "model.json")):
            s.fail("path", f"must be a bundled model folder with model.json and model.onnx (no model.json in '{path}')")
        return ModelSettings(kind, path, None, s.string("dtype", "auto", choices=("auto", "float32")))
    raw = s.string("path", required=True)
    local = raw if os.path.isabs(raw) else os.path.normpath(os.path.join(base, raw))
    # A hub name stays as given; a local folder is resolved against the config file's folder.
    path = local if os.path.exists(local) else raw
    return ModelSettings(kind, path, _lora(s), s.string("dtype", "auto", choices=DTYPES))


def _phase(top: _Section, name: str, base: str) -> Optional[PhaseSettings]:
    if not top.has(name):
        return None
    allowed = {"data", "epochs", "max_steps", "batch_size", "learning_rate", "max_length", "schedule",
               "warmup_ratio", "max_grad_norm", "weight_decay"}
    allowed |= {"prefix_loss"} if name == "sft" else {"beta"}
    s = _Section(top.obj[name], name, top.source, allowed)
    return PhaseSettings(
        name=name, data=s.path("data", base, must_exist=True), epochs=s.integer("epochs", 1, minimum=1),
        max_steps=s.integer("max_steps", 0, minimum=0), batch_size=s.integer("batch_size", 16, minimum=1),
        learning_rate=s.number("learning_rate", 3e-4 if name == "sft" else 5e-5, minimum=0, exclusive_min=True),
        max_length=s.integer("max_length", 512, minimum=8),
        prefix_loss=s.boolean("prefix_loss", False) if name == "sft" else False,
        beta=s.number("beta", 0.1, minimum=0, exclusive_min=True) if name == "dpo" else 0.0,
        schedule=s.string("schedule", "cosine", choices=SCHEDULES),
        warmup_ratio=s.number("warmup_ratio", 0.1, minimum=0.0, maximum=1.0),
        max_grad_norm=s.number("max_grad_norm", 1.0, minimum=0.0),
        weight_decay=s.number("weight_decay", 0.0, minimum=0.0))


def load_config(path: str) -> TrainConfig:
    try:
        with open(path, encoding="utf-8") as f:
            raw = json.load(f)
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found; pass --config with the path of CONFIG.json")
    except json.JSONDecodeError as e:
        raise ConfigError(f"{path}:{e.lineno}: not valid JSON ({e.msg}); fix the syntax")
    return parse_config(raw, path)


def parse_config(raw, source: str = "CONFIG.json") -> TrainConfig:
    base = os.path.dirname(os.path.abspath(source))
    top = _Section(raw, "", source, {"format", "seed", "device", "output_dir", "resume", "model", "sft", "dpo",
                                     "checkpoint_every", "export_onnx", "log_every", "num_threads"})
    if top.get("format", required=True) != FORMAT:
        top.fail("format", f"must be \"{FORMAT}\" (got {json.dumps(top.obj['format'])})")
    out = top.string("output_dir", required=True)
    cfg = TrainConfig(
        source=source, seed=top.integer("seed", 1234), device=_device(top),
        output_dir=out if os.path.isabs(out) else os.path.normpath(os.path.join(base, out)),
        resume=top.boolean("resume", True), model=_model(top, base), sft=_phase(top, "sft", base),
        dpo=_phase(top, "dpo", base), checkpoint_every=top.integer("checkpoint_every", 200, minimum=0),
        export_onnx=top.boolean("export_onnx", True), log_every=top.integer("log_every", 0, minimum=0),
        num_threads=top.integer("num_threads", 0, minimum=0), raw=raw)
    if cfg.sft is None and cfg.dpo is None:
        top.fail("sft", "and 'dpo' are both null: nothing to train; give at least one phase")
    return cfg
