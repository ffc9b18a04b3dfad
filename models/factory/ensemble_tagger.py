"""Combine several trained taggers (same data, different seeds) into one ONNX tagger that outputs their mean
probability, re-select the post-processing on TSD trial, and report how much of the trial gain survives on posts
the selection did not see (split-half check). Writes model.onnx, classifier.json, parity.json and metrics.json.

  /usr/bin/python3 models/factory/ensemble_tagger.py --data ../shared/data --out models/tagger \\
      --members WORK/seed13/tagger.pt WORK/seed29/tagger.pt WORK/seed47/tagger.pt

A member is a factory checkpoint (tagger.pt, which carries its config) or a tagger model.onnx of the default
architecture (its weights are read back by name/shape, as train_tagger.py --init-from does)."""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from atomic_json import write_json  # noqa: E402
from span_metric import corpus_scores, offsets_from_char_scores, word_scores  # noqa: E402
from tagger import ByteTagger, TaggerConfig, TaggerEnsemble  # noqa: E402
from train_tagger import (MIN_WORD, RELATIVE, RELATIVE_VARIANT, char_scores, evaluate, export,  # noqa: E402
                          lexicon_baseline, load_init, postprocess_descriptor)
from tsd_data import CLEAN_TOXICITY, read_clean_rtp, read_tsd  # noqa: E402

SPLITS = 10  # random halvings of trial for the held-out check (each half is scored once with the other half's choice)
GATES = [round(0.2 + 0.025 * i, 3) for i in range(17)]  # 0.2 .. 0.6: the relative rule's post gate


class Scored:
    """Character and word scores of a list of posts under one model (what the post-processing choice reads)."""

    def __init__(self, posts, scores):
        self.posts, self.scores = posts, scores
        self.words = [word_scores(p.text, sc) for p, sc in zip(posts, scores)]

    def subset(self, idx):
        out = Scored.__new__(Scored)
        out.posts, out.scores, out.words = ([xs[i] for i in idx] for xs in (self.posts, self.scores, self.words))
        return out

    def marked(self, gate, low, rel):
        return [offsets_from_char_scores(p.text, sc, gate, True, True, low, rel, w)
                for p, sc, w in zip(self.posts, self.scores, self.words)]

    def f1(self, gate, low, rel):
        return corpus_scores(self.marked(gate, low, rel), [p.spans for p in self.posts])

    def flag_rate(self, gate, low, rel):
        return sum(1 for m in self.marked(gate, low, rel) if m) / max(len(self.posts), 1)


def select(dev: Scored, clean: Scored | None, max_clean_rate: float | None, curve: list | None = None):
    """The relative word rule's settings (gate, min_word, relative) with the best F1 on dev among those that flag at
    most max_clean_rate of the clean texts (no constraint without clean texts); each gate takes its best
    min_word/relative on dev. When no gate meets the cap, the gate flagging the fewest clean texts. With `curve`,
    appends every gate's best settings (the F1 / false-positive trade-off)."""
    rows = []
    for gate in GATES:
        top = None
        for low in [x for x in MIN_WORD if x <= gate]:
            for rel in RELATIVE:
                s = dev.f1(gate, low, rel)
                if top is None or s["f1"] > top["f1"]:
                    top = {**s, "threshold": gate, "min_word": low, "relative": rel}
        if clean is not None:
            top["clean_flag_rate"] = clean.flag_rate(gate, top["min_word"], top["relative"])
        rows.append(top)
    if curve is not None:
        curve.extend(rows)
    allowed = [r for r in rows if max_clean_rate is None or r["clean_flag_rate"] <= max_clean_rate + 1e-12]
    if not allowed:
        return min(rows, key=lambda r: r["clean_flag_rate"])
    return max(allowed, key=lambda r: r["f1"])


def load_member(path):
    """A ByteTagger with the member's weights, and what is known about how they were made."""
    if path.endswith(".pt"):
        saved = torch.load(path, map_location="cpu")
        model = ByteTagger(TaggerConfig(**{k: tuple(v) if isinstance(v, list) else v
                                           for k, v in saved["config"].items()}))
        model.load_state_dict(saved["state_dict"])
    else:
        model = ByteTagger(TaggerConfig())
        load_init(model, path)
    info = {"path": path}
    metrics = os.path.join(os.path.dirname(os.path.abspath(path)), "metrics.json")
    if os.path.isfile(metrics):
        with open(metrics, encoding="utf-8") as f:
            m = json.load(f)
        best_epoch = m.get("model", {}).get("epoch")
        if m.get("epochs_run") == 0 and m.get("init_metrics"):
            # A re-selection run (0 epochs) of warm-start weights: report the run that trained them.
            m, best_epoch = m["init_metrics"], m["init_metrics"].get("best_epoch")
        info.update({k: m[k] for k in ("seed", "epochs_run", "wall_minutes", "cpu_minutes", "threads", "command")
                     if k in m})
        info["best_epoch"] = best_epoch
    model.eval()
    return model, info


def split_half(dev: Scored, clean: Scored | None, max_clean_rate: float | None, splits=SPLITS):
    """Mean F1 on one half of the dev posts with the post-processing chosen (as `select` does) on the other half, over
    random halvings: an estimate of the F1 on posts the post-processing choice did not see."""
    f1s = []
    for seed in range(splits):
        idx = list(range(len(dev.posts)))
        random.Random(seed).shuffle(idx)
        half = len(idx) // 2
        for pick, score in ((idx[:half], idx[half:]), (idx[half:], idx[:half])):
            c = select(dev.subset(pick), clean, max_clean_rate)
            f1s.append(dev.subset(score).f1(c["threshold"], c["min_word"], c["relative"])["f1"])
    return {"f1_mean": sum(f1s) / len(f1s), "f1_min": min(f1s), "f1_max": max(f1s), "halves": len(f1s)}


def run(data_dir, out_dir, member_paths, smoke=False, threads=1, command=None):
    torch.set_num_threads(threads)
    started = time.time()
    train = read_tsd(os.path.join(data_dir, "toxic_spans", "tsd_train.csv"))
    dev = read_tsd(os.path.join(data_dir, "toxic_spans", "tsd_trial.csv"))
    if smoke:
        train, dev = train[:64], dev[:32]
    if len(member_paths) < 2:
        raise SystemExit("--members: give at least two taggers to combine")
    loaded = [load_member(p) for p in member_paths]
    cfg = loaded[0][0].cfg
    if any(m.cfg.to_dict() != cfg.to_dict() for m, _ in loaded):
        raise SystemExit("--members: the taggers differ in architecture; combine taggers of one configuration")
    lexicon_best = lexicon_baseline(train, dev)
    clean_posts = read_clean_rtp(data_dir)
    if smoke:
        clean_posts = clean_posts[:32]
    # Each member at its own operating point (train_tagger's choice on dev), and how many clean texts it flags there.
    member_reports, member_scored = [], []
    for model, info in loaded:
        scores = char_scores(model, dev, cfg.max_length)
        ev = evaluate(dev, scores)
        rel = ev[RELATIVE_VARIANT[0]]
        report = {**info, "dev": ev}
        clean = Scored(clean_posts, char_scores(model, clean_posts, cfg.max_length)) if clean_posts else None
        if clean is not None:
            report["clean_flag_rate"] = clean.flag_rate(rel["threshold"], rel["min_word"], rel["relative"])
        member_reports.append(report)
        member_scored.append((Scored(dev, scores), clean))
        print(f"member {info['path']}: " + " ".join(f"{k}={v['f1']:.4f}" for k, v in ev.items())
              + (f" clean flagged {report['clean_flag_rate']:.3f}" if clean_posts else ""), flush=True)
    # The ensemble may not flag more clean texts than its most careful member: the gain must not come from marking more.
    max_clean_rate = min(r["clean_flag_rate"] for r in member_reports) if clean_posts else None
    # Side by side: each member alone under the same selection rule, constraint and held-out check as the ensemble.
    for report, (dev_m, clean_m) in zip(member_reports, member_scored):
        report["constrained"] = select(dev_m, clean_m, max_clean_rate)
        report["split_half"] = split_half(dev_m, clean_m, max_clean_rate)
        print(f"member {report['path']} under the same rule: F1 {report['constrained']['f1']:.4f}, "
              f"split-half {report['split_half']['f1_mean']:.4f}", flush=True)
    ensemble = TaggerEnsemble([m for m, _ in loaded]).eval()
    scores = char_scores(ensemble, dev, cfg.max_length)
    ev = evaluate(dev, scores)
    dev_scored = Scored(dev, scores)
    clean_scored = Scored(clean_posts, char_scores(ensemble, clean_posts, cfg.max_length)) if clean_posts else None
    curve = []
    chosen = select(dev_scored, clean_scored, max_clean_rate, curve)
    ev[RELATIVE_VARIANT[0]] = chosen
    cap_met = not clean_posts or chosen["clean_flag_rate"] <= max_clean_rate + 1e-12
    if not cap_met:
        print(f"warning: no gate up to {GATES[-1]} keeps the ensemble at or below {max_clean_rate:.3f} of clean texts "
              f"flagged; shipping the most careful gate ({chosen['threshold']}, {chosen['clean_flag_rate']:.3f})",
              flush=True)
    top = RELATIVE_VARIANT[0]  # words+gaps is its special case (min_word = gate, relative 0)
    held_out = split_half(dev_scored, clean_scored, max_clean_rate)
    print("ensemble: " + " ".join(f"{k}={v['f1']:.4f}" for k, v in ev.items())
          + f" split-half {held_out['f1_mean']:.4f}"
          + (f" clean flagged {chosen['clean_flag_rate']:.3f} (limit {max_clean_rate:.3f})" if clean_posts else ""),
          flush=True)
    postprocess = postprocess_descriptor(top, ev[top])
    export(ensemble, cfg, out_dir, ev["chars"]["threshold"], postprocess, "datagen-tagger",
           f"trained by models/factory on SemEval-2021 Task 5 Toxic Spans (tsd_train.csv; selected on tsd_trial.csv); "
           f"mean of {len(loaded)} seeds", "CC0-1.0")
    wall = (time.time() - started) / 60
    metrics = {"model": {"dev_split": "tsd_trial.csv", **ev[top], "postprocess": top, "epoch": None},
               "model_plain_chars": ev["chars"], "model_all_variants": ev, "lexicon_baseline": lexicon_best,
               "split_half": held_out, "members": member_reports, "gate_curve": curve,
               "clean_texts": {"source": f"rtp/*.jsonl, continuation toxicity < {CLEAN_TOXICITY}, prompt + continuation",
                               "count": len(clean_posts), "max_flag_rate": max_clean_rate,
                               "flag_rate": chosen.get("clean_flag_rate"), "cap_met": cap_met} if clean_posts else None,
               "params": ensemble.num_params(), "arch": f"{len(loaded)} x cnn (mean probability)",
               "config": cfg.to_dict(), "train_posts": len(train), "dev_posts": len(dev),
               "ensemble_wall_minutes": round(wall, 2), "threads": threads, "smoke": smoke,
               "command": command or "/usr/bin/python3 " + " ".join(sys.argv),
               "cpus": os.cpu_count(), "load_average_at_end": list(os.getloadavg())}
    write_json(os.path.join(out_dir, "metrics.json"), metrics)
    print(f"ensemble done: {json.dumps(metrics['model'])} split-half {held_out['f1_mean']:.4f} "
          f"lexicon {lexicon_best['f1']:.4f} in {wall:.1f} min", flush=True)
    return metrics


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--out", default="models/tagger")
    ap.add_argument("--members", nargs="+", required=True, help="tagger.pt checkpoints or tagger model.onnx files")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--smoke", action="store_true")
    a = ap.parse_args()
    run(a.data, a.out, a.members, a.smoke, a.threads)
    import model_cards
    model_cards.tagger_card(a.out)


if __name__ == "__main__":
    main()
