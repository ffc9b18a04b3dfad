"""Train the byte-level toxic span tagger on TSD train, select on TSD trial, export ONNX + classifier.json.

Also fits and reports the word-lexicon baseline. Writes model.onnx, classifier.json, parity.json, metrics.json."""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time

import torch
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from atomic_json import write_json  # noqa: E402
from span_metric import WordLexicon, corpus_scores, offsets_from_char_scores, word_scores  # noqa: E402
from tagger import BOS_ID, EOS_ID, LABELS, PAD_ID, ByteTagger, TaggerConfig, classifier_json, encode  # noqa: E402
from tsd_data import byte_labels, char_scores_from_bytes, read_tsd  # noqa: E402

IGNORE = -100
OPSET = 14
PEAK_LR, WARMUP = 2e-3, 50
THRESHOLDS = [round(0.1 + 0.025 * i, 3) for i in range(33)]  # 0.1 .. 0.9
# (name, whole_words, bridge): span post-processing variants compared on the dev split.
POSTPROCESS = [("chars", False, False), ("words", True, False), ("words+gaps", True, True)]
# words+gaps with the post gate kept at the words+gaps threshold (so it never spans a post that rule leaves clean)
# and words marked relative to the post's best word: min_word and relative are chosen on the dev split.
RELATIVE_VARIANT = ("words+gaps+rel", True, True)
MIN_WORD = [round(0.1 + 0.025 * i, 3) for i in range(33)]
RELATIVE = [0.0, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]


OVERLAP = 32  # the C# runtime's default classifier.overlap_tokens


def plan_windows(n, content, overlap=OVERLAP):
    """(start, length) windows over n content bytes, exactly as stages/Spans/WindowPlanner.cs plans them."""
    if n <= content:
        return [(0, n)]
    stride, out, start = max(1, content - min(max(overlap, 0), (content - 1) // 2)), [], 0
    while start + content < n:
        out.append((start, content))
        start += stride
    return out + [(n - content, content)]


def make_examples(post, max_length):
    """One example per window of the post (long posts are windowed like the runtime does, not truncated)."""
    data, labels = list(post.text.encode("utf-8")), byte_labels(post)
    return [([BOS_ID] + data[s: s + n] + [EOS_ID], [IGNORE] + labels[s: s + n] + [IGNORE])
            for s, n in plan_windows(len(data), max_length - 2)]


def batches(examples, token_budget, shuffle, rng):
    order = sorted(range(len(examples)), key=lambda i: len(examples[i][0]))
    out, cur, width = [], [], 0
    for i in order:
        w = max(width, len(examples[i][0]))
        if cur and w * (len(cur) + 1) > token_budget:
            out.append(cur)
            cur, w = [], len(examples[i][0])
        cur.append(i)
        width = w
    if cur:
        out.append(cur)
    if shuffle:
        rng.shuffle(out)
    return out


def collate(examples, idx):
    width = max(len(examples[i][0]) for i in idx)
    ids = torch.full((len(idx), width), PAD_ID, dtype=torch.long)
    mask = torch.zeros((len(idx), width), dtype=torch.long)
    labels = torch.full((len(idx), width), IGNORE, dtype=torch.long)
    for r, i in enumerate(idx):
        x, y = examples[i]
        ids[r, : len(x)] = torch.tensor(x)
        mask[r, : len(x)] = 1
        labels[r, : len(y)] = torch.tensor(y)
    return ids, mask, labels


@torch.no_grad()
def char_scores(model, posts, max_length, token_budget=8192):
    """Toxic probability per character of each post; long posts are scored in overlapping windows and a byte takes
    the max over the windows covering it, as the C# runtime does."""
    model.eval()
    ex, owner = [], []
    for k, p in enumerate(posts):
        data = list(p.text.encode("utf-8"))
        for s, n in plan_windows(len(data), max_length - 2):
            ex.append(([BOS_ID] + data[s: s + n] + [EOS_ID], []))
            owner.append((k, s))
    byte_scores = [[0.0] * len(p.text.encode("utf-8")) for p in posts]
    for idx in batches(ex, token_budget, False, None):
        ids, mask, _ = collate(ex, idx)
        probs = torch.softmax(model(ids, mask), dim=-1)[..., 1]
        for r, i in enumerate(idx):
            k, s = owner[i]
            row = probs[r, 1: len(ex[i][0]) - 1].tolist()
            dst = byte_scores[k]
            for j, v in enumerate(row):
                if v > dst[s + j]:
                    dst[s + j] = v
    return [char_scores_from_bytes(p.text, b) for p, b in zip(posts, byte_scores)]


def evaluate(posts, scores):
    """Best (F1, threshold) per post-processing variant on these posts (plus min_word/relative for the relative
    variant)."""
    golds = [p.spans for p in posts]
    result = {}
    for name, ww, br in POSTPROCESS:
        best = None
        for t in THRESHOLDS:
            s = corpus_scores([offsets_from_char_scores(p.text, sc, t, ww, br) for p, sc in zip(posts, scores)], golds)
            if best is None or s["f1"] > best["f1"]:
                best = {**s, "threshold": t}
        result[name] = best
    gate = result["words+gaps"]["threshold"]
    scored = [word_scores(p.text, sc) for p, sc in zip(posts, scores)]
    best = None
    for low in [x for x in MIN_WORD if x <= gate]:
        for rel in RELATIVE:
            s = corpus_scores([offsets_from_char_scores(p.text, sc, gate, True, True, low, rel, w)
                               for p, sc, w in zip(posts, scores, scored)], golds)
            if best is None or s["f1"] > best["f1"]:
                best = {**s, "threshold": gate, "min_word": low, "relative": rel}
    result[RELATIVE_VARIANT[0]] = best
    return result


def lexicon_baseline(train, dev):
    """The word-lexicon baseline learned from train, with its cut and minimum count chosen on dev."""
    best = None
    for min_count in (1, 2, 3):
        cut, s = WordLexicon(train, min_count).tune(dev)
        if best is None or s["f1"] > best["f1"]:
            best = {**s, "cut": cut, "min_count": min_count}
    print(f"lexicon baseline on dev: {json.dumps(best)}", flush=True)
    return best


def postprocess_descriptor(variant_name, chosen):
    """classifier.json `postprocess` for the variant chosen on dev (with its threshold and relative-rule settings)."""
    variant = next(v for v in POSTPROCESS + [RELATIVE_VARIANT] if v[0] == variant_name)
    return {"variant": variant[0], "whole_words": variant[1], "bridge_gaps": variant[2],
            "threshold": chosen["threshold"],
            **({"min_word_score": chosen["min_word"], "relative_to_max": chosen["relative"]}
               if "min_word" in chosen else {}),
            "doc": "best dev score uses this post-processing; 'threshold' at top level is the best plain "
                   "per-character threshold (no post-processing); with min_word_score/relative_to_max, "
                   "'threshold' gates the post on its best word and words scoring >= max(min_word_score, "
                   "relative_to_max * best word) are marked"}


def export(model, cfg, out_dir, threshold, postprocess, name, source, license_):
    model.eval()
    os.makedirs(out_dir, exist_ok=True)
    ids = torch.tensor([encode("you are a nice person", 64), encode("hello", 64) + [PAD_ID] * 16])
    mask = (ids != PAD_ID).long()
    path = os.path.join(out_dir, "model.onnx")
    torch.onnx.export(model, (ids, mask), path + ".tmp", input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], opset_version=OPSET, do_constant_folding=True,
                      dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                    "logits": {0: "batch", 1: "seq"}})
    import onnx
    onnx.checker.check_model(onnx.load(path + ".tmp"))
    os.replace(path + ".tmp", path)
    with torch.no_grad():
        logits = model(ids, mask)
        alone = model(ids[1:, :7], mask[1:, :7])
    diff = float((logits[1, :7] - alone[0]).abs().max())
    assert diff < 1e-4, f"padding changes logits of real tokens: {diff}"
    write_json(os.path.join(out_dir, "parity.json"),
                {"input_ids": ids.tolist(), "attention_mask": mask.tolist(), "logits": logits.tolist(),
                 "logits_sum": float((logits * mask.unsqueeze(-1)).sum()), "tolerance": 1e-4,
                 "note": "logits at padded positions are not part of the contract; compare real tokens only"})
    desc = classifier_json(threshold, name, source, license_, cfg.max_length)
    desc["postprocess"] = postprocess
    write_json(os.path.join(out_dir, "classifier.json"), desc)



def load_init(model, path):
    """Warm start: copies every parameter of a saved tagger (a factory tagger.pt, or a tagger model.onnx, whose
    Linear weights the exporter stores transposed under generated names) that matches by name, or for unnamed ONNX
    constants by shape; the rest (e.g. a new GRU block) keep their fresh initialisation. Returns the names copied."""
    sd = model.state_dict()
    if path.endswith(".onnx"):
        import onnx
        from onnx import numpy_helper
        tensors = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in onnx.load(path).graph.initializer}
        loose = [t for n, t in tensors.items() if n not in sd]
        src = {n: t for n, t in tensors.items() if n in sd}
        # Only layers the ONNX file has (their bias kept its name) are matched, so a new layer is never filled.
        for name in [k for k in sd if k not in src and k.endswith(".weight") and sd[k].dim() == 2
                     and k[: -len("weight")] + "bias" in src]:
            hits = [t for t in loose if tuple(t.shape) == tuple(sd[name].shape[::-1])]
            if len(hits) != 1:
                raise SystemExit(f"--init-from {path}: cannot match {name} {tuple(sd[name].shape)} to one ONNX constant")
            src[name] = hits[0].t()
    else:
        src = torch.load(path, map_location="cpu")["state_dict"]
    copied = []
    for name, t in src.items():
        if name in sd and tuple(sd[name].shape) == tuple(t.shape):
            sd[name] = t.clone()
            copied.append(name)
    model.load_state_dict(sd)
    if model.gru is not None and "gru.proj.weight" not in copied:
        # A new GRU block starts as the identity (zero residual), so training begins at the warm-start model's scores.
        torch.nn.init.zeros_(model.gru.proj.weight)
        torch.nn.init.zeros_(model.gru.proj.bias)
    return copied


def init_metrics_summary(path):
    """How the warm-start weights were made, from the metrics.json beside them (None when there is none)."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        with open(os.path.join(folder, "metrics.json"), encoding="utf-8") as f:
            m = json.load(f)
    except (OSError, ValueError):
        return None
    keys = ("arch", "epochs_run", "wall_minutes", "cpu_minutes", "threads", "seed", "command", "init_metrics")
    return {**{k: m[k] for k in keys if k in m}, "best_epoch": m.get("model", {}).get("epoch"),
            "peak_lr": m.get("peak_lr", PEAK_LR), "arch": m.get("arch", "cnn")}


ARCHS = {"cnn": {}, "cnn-gru": {"gru_hidden": 64}}
DEFAULT_ARCH = "cnn"


def run(data_dir, out_dir, work_dir, smoke=False, max_minutes=22.0, epochs=40, seed=13, threads=1, arch=DEFAULT_ARCH,
        gru_hidden=None, init_from=None, peak_lr=PEAK_LR, freeze_init=False):
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    started = time.time()
    train = read_tsd(os.path.join(data_dir, "toxic_spans", "tsd_train.csv"))
    dev = read_tsd(os.path.join(data_dir, "toxic_spans", "tsd_trial.csv"))
    if arch not in ARCHS:
        raise SystemExit(f"--arch {arch}: unknown; use one of {', '.join(ARCHS)}")
    extra = dict(ARCHS[arch])
    if gru_hidden is not None and "gru_hidden" in extra:
        extra["gru_hidden"] = gru_hidden
    cfg = TaggerConfig(**extra)
    if smoke:
        train, dev, epochs, max_minutes = train[:64], dev[:32], 1, 1.0
        cfg = TaggerConfig(dim=32, dilations=(1, 2), gru_hidden=min(cfg.gru_hidden, 16))

    lexicon_best = lexicon_baseline(train, dev)

    model = ByteTagger(cfg)
    copied, init_summary = [], None
    if init_from:
        copied = load_init(model, init_from)
        init_summary = init_metrics_summary(init_from)
        print(f"warm start from {init_from}: {len(copied)} of {len(model.state_dict())} tensors copied", flush=True)
        if freeze_init:
            # Only the new layers learn: the copied ones already sit at their best epoch and overfit when trained on.
            params = dict(model.named_parameters())
            for name in copied:
                if name in params:
                    params[name].requires_grad_(False)
    examples = [e for p in train for e in make_examples(p, cfg.max_length)]
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=peak_lr, weight_decay=0.01)
    train_started = time.time()
    best, best_state, history, step = None, None, [], 0
    os.makedirs(work_dir, exist_ok=True)
    if init_from:
        # The warm-start model is epoch 0: training must beat it to be kept (and --epochs 0 just re-selects/exports).
        ev = evaluate(dev, char_scores(model, dev, cfg.max_length))
        top = max(ev, key=lambda k: ev[k]["f1"])
        history.append({"epoch": 0, "train_loss": None, "dev": ev, "minutes": (time.time() - started) / 60})
        print("epoch 0 (warm start) dev " + " ".join(f"{k}={v['f1']:.4f}@{v['threshold']}" for k, v in ev.items()),
              flush=True)
        best = {"epoch": 0, "dev": ev, "variant": top}
        best_state = {k: v.clone() for k, v in model.state_dict().items()}
    for epoch in range(1, epochs + 1):
        model.train()
        loss_sum, n, out_of_time = 0.0, 0, False
        for idx in batches(examples, 6144, True, rng):
            # Time-boxed cosine schedule: the learning rate anneals within the budget whatever the machine's speed.
            frac = (time.time() - train_started) / 60 / max_minutes
            if frac >= 1.0:
                out_of_time = True
                break
            for g in opt.param_groups:
                g["lr"] = peak_lr * min(1.0, (step + 1) / WARMUP) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * frac)))
            ids, mask, labels = collate(examples, idx)
            loss = F.cross_entropy(model(ids, mask).reshape(-1, len(LABELS)), labels.reshape(-1), ignore_index=IGNORE)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            loss_sum, n = loss_sum + float(loss), n + 1
            if smoke and step >= 5:
                break
        ev = evaluate(dev, char_scores(model, dev, cfg.max_length))
        top = max(ev, key=lambda k: ev[k]["f1"])
        elapsed = (time.time() - started) / 60
        history.append({"epoch": epoch, "train_loss": loss_sum / max(n, 1), "dev": ev, "minutes": elapsed})
        print(f"epoch {epoch} loss {loss_sum / max(n, 1):.4f} dev " +
              " ".join(f"{k}={v['f1']:.4f}@{v['threshold']}" for k, v in ev.items()) + f" [{elapsed:.1f} min]",
              flush=True)
        if best is None or ev[top]["f1"] > best["dev"][best["variant"]]["f1"]:
            best = {"epoch": epoch, "dev": ev, "variant": top}
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
            torch.save({"config": cfg.to_dict(), "state_dict": best_state}, os.path.join(work_dir, "tagger.pt"))
        if out_of_time:
            print(f"stopping: time budget {max_minutes} min", flush=True)
            break
    model.load_state_dict(best_state)
    wall = (time.time() - started) / 60
    chosen = best["dev"][best["variant"]]
    variant = next(v for v in POSTPROCESS + [RELATIVE_VARIANT] if v[0] == best["variant"])
    raw = best["dev"]["chars"]
    postprocess = postprocess_descriptor(best["variant"], chosen)
    export(model, cfg, out_dir, raw["threshold"], postprocess, "datagen-tagger",
           "trained by models/factory on SemEval-2021 Task 5 Toxic Spans (tsd_train.csv; selected on tsd_trial.csv)",
           "CC0-1.0")
    metrics = {"model": {"dev_split": "tsd_trial.csv", **chosen, "postprocess": variant[0], "epoch": best["epoch"]},
               "model_plain_chars": raw, "model_all_variants": best["dev"], "lexicon_baseline": lexicon_best,
               "params": model.num_params(), "arch": arch, "init_from": init_from, "init_tensors_copied": len(copied),
               "init_metrics": init_summary, "peak_lr": peak_lr,
               "freeze_init": freeze_init,
               "config": cfg.to_dict(), "train_windows": len(examples), "train_posts": len(train), "dev_posts": len(dev),
               "epochs_run": sum(1 for h in history if h["epoch"] > 0), "wall_minutes": round(wall, 2), "cpu_minutes": round(time.process_time() / 60, 2), "threads": threads, "seed": seed,
               "smoke": smoke, "command": "/usr/bin/python3 " + " ".join(sys.argv),
               "cpus": os.cpu_count(), "load_average_at_end": list(os.getloadavg()), "history": history}
    write_json(os.path.join(out_dir, "metrics.json"), metrics)
    print(f"tagger done: {json.dumps(metrics['model'])} lexicon {lexicon_best['f1']:.4f} in {wall:.1f} min",
          flush=True)
    return metrics


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--out", default="models/tagger")
    ap.add_argument("--work", default="models/factory/work")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--max-minutes", type=float, default=22.0)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=13, help="seeds weights and batch order (ensemble members differ only here)")
    ap.add_argument("--arch", default=DEFAULT_ARCH, choices=sorted(ARCHS),
                    help="cnn: gated dilated convolutions only; cnn-gru: plus a bidirectional GRU after them")
    ap.add_argument("--gru-hidden", type=int, default=None, help="GRU units per direction (cnn-gru; default 64)")
    ap.add_argument("--init-from", default=None,
                    help="warm start from a tagger.pt checkpoint or a tagger model.onnx (matching tensors are copied)")
    ap.add_argument("--peak-lr", type=float, default=PEAK_LR)
    ap.add_argument("--freeze-init", action="store_true", help="train only the layers --init-from did not provide")
    a = ap.parse_args()
    run(a.data, a.out, a.work, a.smoke, a.max_minutes, a.epochs, seed=a.seed, threads=a.threads, arch=a.arch,
        gru_hidden=a.gru_hidden, init_from=a.init_from, peak_lr=a.peak_lr,
        freeze_init=a.freeze_init)


if __name__ == "__main__":
    main()
