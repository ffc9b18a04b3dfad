"""Train the byte-level policy LM on the TSD comment texts and export it (model.onnx, model.json, parity.json).

Each comment is one sequence [BOS] + UTF-8 bytes + [EOS] starting at position 0 (the runtime's layout).
Training is time-boxed: the cosine learning-rate schedule follows elapsed time unless --max-steps is given."""
from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time

import torch
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from atomic_json import write_json  # noqa: E402
from export_lm import export_folder  # noqa: E402
from policy_lm import EOS_ID, PAD_ID, LmConfig, PolicyLm, encode_text  # noqa: E402
from tsd_data import read_tsd  # noqa: E402

SOURCE = ("trained by models/factory on the comment texts of SemEval-2021 Task 5 Toxic Spans "
          "(tsd_train.csv + tsd_trial.csv; Civil Comments posts)")
LICENSE = "CC0-1.0"


def sequences(texts, max_len):
    out = []
    for t in texts:
        ids = encode_text(t) + [EOS_ID]
        out.append(ids[:max_len])
    return out


def make_batches(seqs, token_budget, rng):
    order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
    out, cur = [], []
    for i in order:
        if cur and len(seqs[i]) * (len(cur) + 1) > token_budget:
            out.append(cur)
            cur = []
        cur.append(i)
    if cur:
        out.append(cur)
    if rng is not None:
        rng.shuffle(out)
    return out


def collate(seqs, idx):
    """Right-padded batch; pad targets are ignored and padding only follows real tokens, so causality hides it."""
    width = max(len(seqs[i]) for i in idx)
    ids = torch.full((len(idx), width), PAD_ID, dtype=torch.long)
    for r, i in enumerate(idx):
        ids[r, : len(seqs[i])] = torch.tensor(seqs[i])
    targets = ids[:, 1:].clone()
    targets[targets == PAD_ID] = -100
    return ids[:, :-1], targets


def batch_loss(model, ids, targets):
    b, t = ids.shape
    pos = torch.arange(t).unsqueeze(0).expand(b, t)
    logits, _ = model(ids, torch.ones_like(ids), pos)
    return F.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1), ignore_index=-100,
                           reduction="sum"), int((targets != -100).sum())


@torch.no_grad()
def evaluate(model, seqs, token_budget):
    model.eval()
    total, count = 0.0, 0
    for idx in make_batches(seqs, token_budget, None):
        loss, n = batch_loss(model, *collate(seqs, idx))
        total, count = total + float(loss), count + n
    model.train()
    return total / max(count, 1)


def run(data_dir, out_dir, work_dir, smoke=False, max_minutes=17.0, max_steps=None, seed=7, threads=1,
        init_from=None, peak_lr=2e-3):
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    started = time.time()
    posts = read_tsd(os.path.join(data_dir, "toxic_spans", "tsd_train.csv")) + \
        read_tsd(os.path.join(data_dir, "toxic_spans", "tsd_trial.csv"))
    texts = [p.text for p in posts]
    rng.shuffle(texts)
    cfg = LmConfig(num_layers=4, num_heads=3, head_dim=64, max_positions=512, dropout=0.0)
    budget = 2048  # small batches: on a shared CPU the run only sees ~1M tokens, so more updates matter most
    if smoke:
        texts, max_steps, budget = texts[:48], 3, 2048
        cfg = LmConfig(num_layers=1, num_heads=2, head_dim=16, max_positions=512)
    n_val = max(2, len(texts) // 20)
    val, train = sequences(texts[:n_val], cfg.max_positions), sequences(texts[n_val:], cfg.max_positions)
    model = PolicyLm(cfg)
    previous = None
    if init_from:
        # Warm start (a second time-boxed session): same config, weights from an earlier checkpoint.
        ck = torch.load(init_from, map_location="cpu")
        if ck["config"] != cfg.to_dict():
            raise SystemExit(f"--init-from {init_from}: config {ck['config']} differs from {cfg.to_dict()}")
        model.load_state_dict(ck["state_dict"])
        previous = ck.get("metrics")
    print(f"policy LM: {model.num_params()} params, {sum(map(len, train))} train tokens, "
          f"{sum(map(len, val))} val tokens", flush=True)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    warmup = 50
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=peak_lr, betas=(0.9, 0.95))
    step, epoch, history, done = 0, 0, [], False
    train_started = time.time()
    while not done:
        epoch += 1
        for idx in make_batches(train, budget, rng):
            frac = step / max_steps if max_steps else (time.time() - train_started) / 60 / max_minutes
            if frac >= 1.0:
                done = True
                break
            lr = peak_lr * min(1.0, (step + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))
            for g in opt.param_groups:
                g["lr"] = lr
            loss, n = batch_loss(model, *collate(train, idx))
            opt.zero_grad()
            (loss / n).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            if step % 50 == 0:
                print(f"step {step} epoch {epoch} loss {float(loss) / n:.4f} lr {lr:.2e} "
                      f"[{(time.time() - started) / 60:.1f} min]", flush=True)
            if step % 200 == 0:
                vl = evaluate(model, val, budget)
                history.append({"step": step, "val_loss": vl, "minutes": (time.time() - started) / 60})
                print(f"  val loss {vl:.4f} ({vl / math.log(2):.3f} bits/token)", flush=True)
    val_loss = evaluate(model, val, budget)
    train_minutes = (time.time() - started) / 60
    model.eval()
    os.makedirs(work_dir, exist_ok=True)
    metrics = {"cpu_minutes": round(time.process_time() / 60, 2), "init_from": init_from, "previous_session": previous,
               "params": model.num_params(), "config": cfg.to_dict(), "steps": step, "epochs_started": epoch,
               "val_loss_nats_per_token": val_loss, "val_bits_per_token": val_loss / math.log(2),
               "val_note": "tokens = UTF-8 bytes plus one [EOS] per comment; held-out 5% of comments",
               "train_sequences": len(train), "val_sequences": len(val),
               "train_tokens": sum(map(len, train)), "wall_minutes": round(train_minutes, 2), "threads": threads,
               "seed": seed, "peak_lr": peak_lr, "smoke": smoke, "command": "/usr/bin/python3 " + " ".join(sys.argv),
               "cpus": os.cpu_count(), "load_average_at_end": list(os.getloadavg()), "history": history}
    torch.save({"config": cfg.to_dict(), "state_dict": model.state_dict(), "name": "datagen-policy-lm",
                "source": SOURCE, "license": LICENSE, "metrics": metrics}, os.path.join(work_dir, "policy_lm.pt"))
    export_folder(model, out_dir, "datagen-policy-lm", SOURCE, LICENSE)
    write_json(os.path.join(out_dir, "metrics.json"), metrics)
    print(f"policy LM done: val {val_loss:.4f} nats/token = {val_loss / math.log(2):.3f} bits, {step} steps, "
          f"{train_minutes:.1f} min", flush=True)
    return metrics


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--out", default="models/policy-lm")
    ap.add_argument("--work", default="models/factory/work")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--max-minutes", type=float, default=17.0)
    ap.add_argument("--max-steps", type=int)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--peak-lr", type=float, default=2e-3)
    ap.add_argument("--init-from", help="warm start from a policy_lm.pt checkpoint of the same config")
    a = ap.parse_args()
    run(a.data, a.out, a.work, a.smoke, a.max_minutes, a.max_steps, threads=a.threads, init_from=a.init_from,
        peak_lr=a.peak_lr)


if __name__ == "__main__":
    main()
