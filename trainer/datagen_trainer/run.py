"""One training run: config -> model -> data -> SFT -> DPO -> final model folder, with resume and cancellation."""
from __future__ import annotations

import os
import shutil
import time

import torch

from . import checkpoints
from .cards import write_final_files
from .data import kind_counts, read_dpo, read_sft
from .errors import ConfigError
from .events import EventLog, log
from .examples import dpo_example, sft_example
from .phase import DpoObjective, PhaseRun, SftObjective


def resolve_device(name: str) -> torch.device:
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ConfigError(f"key 'device' is '{name}' but this PyTorch sees no CUDA device; use \"auto\" or \"cpu\"")
    return torch.device(name)


def load_model(cfg, device):
    if cfg.model.kind == "bundled":
        from .bundled_model import BundledModel
        return BundledModel(cfg.model.path, device)
    from .hf_model import HfModel  # transformers/peft are imported only on this path
    return HfModel(cfg.model, device)


class TrainingRun:
    def __init__(self, cfg, events: EventLog, cancel_flag):
        self.cfg, self.events, self._cancel = cfg, events, cancel_flag
        self.started = time.time()
        self.checkpoint_root = os.path.join(cfg.output_dir, "checkpoints")
        self.last_checkpoint = None
        self.device = None
        self.model = None

    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    @property
    def cancel_signal(self) -> str:
        return self._cancel.signal_name

    def _prepare_output(self):
        os.makedirs(self.cfg.output_dir, exist_ok=True)
        metrics = os.path.join(self.cfg.output_dir, "metrics.jsonl")
        if not self.cfg.resume:
            # A fresh start must never resume from, or mix with, an older run's checkpoints.
            shutil.rmtree(self.checkpoint_root, ignore_errors=True)
            if os.path.exists(metrics):
                os.remove(metrics)
        os.makedirs(self.checkpoint_root, exist_ok=True)
        self.events.attach(metrics)

    def _examples(self):
        cfg, codec = self.cfg, self.model.codec
        limit = getattr(self.model, "max_positions", None)
        sft_rows = read_sft(cfg.sft.data) if cfg.sft else []
        dpo_rows = read_dpo(cfg.dpo.data) if cfg.dpo else []
        sft = [sft_example(codec, r, cfg.sft.prefix_loss, min(cfg.sft.max_length, limit or 10**9))
               for r in sft_rows]
        dpo = [dpo_example(codec, r, min(cfg.dpo.max_length, limit or 10**9)) for r in dpo_rows]
        cut = sum(e.truncated for e in sft) + sum(p.chosen.truncated or p.rejected.truncated for p in dpo)
        if cut:
            log(f"{cut} rows were longer than max_length and were truncated (context from the left first)")
        return sft_rows, dpo_rows, sft, dpo, cut

    def _done_before(self, phase: str) -> dict:
        return checkpoints.phase_summary(self.checkpoint_root, phase) or {"skipped": "done before resume"}

    def execute(self) -> dict:
        cfg = self.cfg
        if cfg.num_threads:
            torch.set_num_threads(cfg.num_threads)
        torch.manual_seed(cfg.seed)
        self.device = resolve_device(cfg.device)
        self._prepare_output()
        self.model = load_model(cfg, self.device)
        sft_rows, dpo_rows, sft, dpo, truncated = self._examples()
        resumed_from, payload = (checkpoints.load_latest(self.checkpoint_root, "cpu") if cfg.resume else (None, None))
        if payload is not None and (payload.get("model_kind") != self.model.kind):
            raise ConfigError(f"{resumed_from} was written for a '{payload.get('model_kind')}' model, not "
                              f"'{self.model.kind}'; use another output_dir or set \"resume\": false")
        self.events.emit("start", model_kind=self.model.kind, device=str(self.device),
                         parameters=self.model.parameters(), sft_rows=len(sft), dpo_rows=len(dpo),
                         resumed_from=resumed_from, truncated_rows=truncated)
        results, phase_of = {}, (payload or {}).get("phase")
        if payload is not None:
            self.model.load_state(payload["model"])
            self.last_checkpoint = resumed_from
        if cfg.sft and phase_of in (None, "sft") and not (phase_of == "sft" and payload["phase_done"]):
            phase = PhaseRun(self, cfg.sft, SftObjective(self.model, sft), len(sft))
            if phase_of == "sft":
                phase.restore(payload)
            results["sft"] = phase.execute()
        elif phase_of is not None:
            results["sft"] = self._done_before("sft") if cfg.sft else None
        if cfg.dpo and not (phase_of == "dpo" and payload["phase_done"]):
            obj = DpoObjective(self.model, dpo, cfg.dpo.beta)
            phase = PhaseRun(self, cfg.dpo, obj, len(dpo))
            if phase_of == "dpo":
                phase.restore(payload)
            else:
                obj.compute_reference(self.model.module, cfg.dpo.batch_size, self.device, self.cancel_requested)
            results["dpo"] = phase.execute()
        elif cfg.dpo:
            results["dpo"] = self._done_before("dpo")
        final = os.path.join(cfg.output_dir, "final")
        metrics = write_final_files(self, final, results, sft_rows, dpo_rows)
        self.events.emit("done", checkpoint=self.last_checkpoint, model_dir=final, metrics=metrics)
        return metrics

