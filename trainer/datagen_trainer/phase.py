"""One training phase (SFT or DPO): seeded batches, AdamW with warm-up + decay, clipping, logging, checkpoints."""
from __future__ import annotations

import time

import torch

from . import checkpoints
from .batches import collate, epoch_batches, steps_per_epoch
from .errors import Cancelled, ConfigError
from .losses import dpo_loss, sequence_logprobs, sft_loss
from .schedule import lr_factor

PHASE_SEED_OFFSET = {"sft": 0, "dpo": 500009}
SUMMARY_WINDOW = 10


def _window(values: list, first: bool):
    w = max(1, min(SUMMARY_WINDOW, len(values) // 5))
    part = values[:w] if first else values[-w:]
    return sum(part) / len(part) if part else None


class SftObjective:
    name = "sft"

    def __init__(self, model, examples):
        self.model, self.examples = model, examples

    def step(self, module, idx, device):
        batch = collate([self.examples[i] for i in idx], self.model.pad_id(), device)
        loss, _ = sft_loss(self.model.logits(module, batch), batch["labels"])
        return loss, {}


class DpoObjective:
    """Reference log-probabilities are computed once at the start of DPO (the reference is frozen, so they never
    change) and travel in the checkpoints, so a resumed run needs no second copy of the model."""

    name = "dpo"

    def __init__(self, model, pairs, beta: float):
        self.model, self.pairs, self.beta = model, pairs, beta
        self.reference = None  # tensor [n, 2]: chosen, rejected

    def _logprobs(self, module, idx, device):
        rows = [self.pairs[i].chosen for i in idx] + [self.pairs[i].rejected for i in idx]
        batch = collate(rows, self.model.pad_id(), device)
        lp = sequence_logprobs(self.model.logits(module, batch), batch["labels"])
        return lp[:len(idx)], lp[len(idx):]

    @torch.no_grad()
    def compute_reference(self, module, batch_size, device, cancelled):
        was_training = module.training
        module.eval()
        out = torch.zeros(len(self.pairs), 2, dtype=torch.float64)
        for start in range(0, len(self.pairs), batch_size):
            if cancelled():
                raise Cancelled("cancelled while scoring the DPO reference; no DPO progress to save yet")
            idx = list(range(start, min(start + batch_size, len(self.pairs))))
            c, r = self._logprobs(module, idx, device)
            out[idx, 0], out[idx, 1] = c.double().cpu(), r.double().cpu()
        module.train(was_training)
        self.reference = out

    def step(self, module, idx, device):
        c, r = self._logprobs(module, idx, device)
        ref = self.reference[idx].to(device=c.device, dtype=c.dtype)
        return dpo_loss(c, r, ref[:, 0], ref[:, 1], self.beta)

    @torch.no_grad()
    def evaluate(self, module, batch_size, device) -> dict:
        """Reward accuracy and margin over all training pairs with the current policy."""
        was_training = module.training
        module.eval()
        hits, margin = 0, 0.0
        for start in range(0, len(self.pairs), batch_size):
            idx = list(range(start, min(start + batch_size, len(self.pairs))))
            c, r = self._logprobs(module, idx, device)
            ref = self.reference[idx].to(device=c.device, dtype=c.dtype)
            m = self.beta * ((c - ref[:, 0]) - (r - ref[:, 1]))
            hits += int((m > 0).sum())
            margin += float(m.sum())
        module.train(was_training)
        return {"train_pairs_reward_accuracy": hits / len(self.pairs),
                "train_pairs_reward_margin": margin / len(self.pairs)}


class PhaseRun:
    def __init__(self, run, settings, objective, n_rows: int):
        self.run, self.s, self.obj = run, settings, objective
        self.per_epoch = steps_per_epoch(n_rows, settings.batch_size)
        total = settings.epochs * self.per_epoch
        self.total = min(total, settings.max_steps) if settings.max_steps else total
        self.n_rows = n_rows
        self.warmup = int(round(self.total * settings.warmup_ratio))
        module = run.model.module
        decay = [p for p in run.model.trainable() if p.dim() >= 2]
        no_decay = [p for p in run.model.trainable() if p.dim() < 2]
        self.opt = torch.optim.AdamW([{"params": decay, "weight_decay": settings.weight_decay},
                                      {"params": no_decay, "weight_decay": 0.0}], lr=settings.learning_rate)
        self.sched = torch.optim.lr_scheduler.LambdaLR(
            self.opt, lambda s: lr_factor(s, self.total, self.warmup, settings.schedule))
        self.module = module
        self.step, self.losses, self.history = 0, [], []

    def restore(self, payload: dict) -> None:
        self.run.model.load_state(payload["model"])
        self.opt.load_state_dict(payload["optimizer"])
        self.sched.load_state_dict(payload["scheduler"])
        checkpoints.restore_rng(payload["rng"])
        self.step, self.losses, self.history = payload["step"], payload["losses"], payload.get("history", [])
        if isinstance(self.obj, DpoObjective):
            if payload["reference_logprobs"].shape[0] != len(self.obj.pairs):
                raise ConfigError(f"the DPO checkpoint covers {payload['reference_logprobs'].shape[0]} pairs but "
                                  f"dpo.data has {len(self.obj.pairs)}; the data changed: set \"resume\": false")
            self.obj.reference = payload["reference_logprobs"]

    def _checkpoint(self, phase_done: bool) -> str:
        payload = {"format": "datagen-train-checkpoint/1", "phase": self.s.name, "step": self.step,
                   "total_steps": self.total, "phase_done": phase_done, "model": self.run.model.state(),
                   "optimizer": self.opt.state_dict(), "scheduler": self.sched.state_dict(),
                   "rng": checkpoints.rng_state(), "losses": self.losses, "history": self.history,
                   "model_kind": self.run.model.kind, "model_path": self.run.cfg.model.path}
        if isinstance(self.obj, DpoObjective):
            payload["reference_logprobs"] = self.obj.reference
        path = checkpoints.save(self.run.checkpoint_root, payload)
        if phase_done:
            checkpoints.mark_phase_done(path)
        self.run.events.emit("checkpoint", phase=self.s.name, step=self.step, path=path)
        self.run.last_checkpoint = path
        return path

    def execute(self) -> dict:
        run, s = self.run, self.s
        log_every = run.cfg.log_every or max(1, min(50, self.total // 20))
        self.module.train()
        batches, batches_epoch = None, -1
        window, started = [], time.time()
        first_step = self.step
        while self.step < self.total:
            epoch = self.step // self.per_epoch
            if epoch != batches_epoch:
                batches = epoch_batches(self.n_rows, s.batch_size, run.cfg.seed + PHASE_SEED_OFFSET[s.name], epoch)
                batches_epoch = epoch
            loss, stats = self.obj.step(self.module, batches[self.step % self.per_epoch], run.device)
            self.opt.zero_grad(set_to_none=True)
            loss.backward()
            if s.max_grad_norm > 0:
                torch.nn.utils.clip_grad_norm_(run.model.trainable(), s.max_grad_norm)
            lr = self.opt.param_groups[0]["lr"]
            self.opt.step()
            self.sched.step()
            self.step += 1
            self.losses.append(float(loss))
            window.append({"loss": float(loss), **stats})
            if self.step % log_every == 0 or self.step == self.total:
                means = {k: sum(w[k] for w in window) / len(window) for k in window[0]}
                self.history.append({"step": self.step, **means})
                run.events.emit("step", phase=s.name, step=self.step, total_steps=self.total, epoch=epoch, **means,
                                learning_rate=lr, elapsed_s=round(time.time() - run.started, 3))
                window = []
            if run.cfg.checkpoint_every and self.step % run.cfg.checkpoint_every == 0 and self.step < self.total:
                self._checkpoint(False)
            if run.cancel_requested() and self.step < self.total:
                path = self._checkpoint(False)
                raise Cancelled(f"cancelled by {run.cancel_signal}; checkpoint {path} written; rerun with "
                                f"\"resume\": true to continue")
        path = self._checkpoint(True)
        took = time.time() - started
        summary = {"steps": self.step, "loss_first": _window(self.losses, True),
                   "loss_last": _window(self.losses, False),
                   "steps_per_s": round((self.step - first_step) / took, 4) if took > 0 and self.step > first_step
                   else None, "checkpoint": path}
        if isinstance(self.obj, DpoObjective):
            summary.update(self.obj.evaluate(self.module, s.batch_size, run.device))
        checkpoints.write_summary(path, summary)
        run.events.emit("phase_done", phase=s.name, **summary)
        return summary
