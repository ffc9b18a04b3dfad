"""Render MODEL_CARD.md for the tagger and the policy LM from their metrics.json and descriptor files."""
from __future__ import annotations

import json
import os

COMMAND = "/usr/bin/python3 models/factory/make_models.py --data ../shared/data --out models"


def _load(folder, name):
    with open(os.path.join(folder, name), encoding="utf-8") as f:
        return json.load(f)


def _size(folder):
    return os.path.getsize(os.path.join(folder, "model.onnx"))


def _load_avg(m):
    la = m.get("load_average_at_end")
    return "not recorded" if not la else "/".join(f"{x:.1f}" for x in la)


def _work_name(command):
    """The --work folder's name in a factory command (how the card names a session), or '?'."""
    parts = (command or "").split()
    return os.path.basename(parts[parts.index("--work") + 1].rstrip("/")) if "--work" in parts[:-1] else "?"


def _sessions(m):
    """The chain of warm-started sessions (metrics.json nests each earlier one under previous_session), oldest first."""
    chain, p = [], m.get("previous_session")
    while p:
        chain.insert(0, p)
        p = p.get("previous_session")
    if not chain:
        return ""
    words = {2: "two", 3: "three", 4: "four"}
    n = words.get(len(chain) + 1, str(len(chain) + 1))
    earlier = " -> ".join(
        f"`{_work_name(c.get('command'))}` {c['steps']} steps / {c['wall_minutes']:.1f} min"
        f"{' wall' if k == 0 else ''} (peak lr {c.get('peak_lr', 2e-3)}, val {c['val_bits_per_token']:.2f} bits/byte)"
        for k, c in enumerate(chain))
    total = round(sum(c["wall_minutes"] for c in chain) + m["wall_minutes"])
    return (f"  Trained in {n} warm-started sessions, because the shared 2-core machine gave the earlier ones only part of a\n"
            f"  core: {earlier} -> this one, {m['steps']} steps / {m['wall_minutes']:.1f} min on {m['threads']} thread{'' if m['threads'] == 1 else 's'} "
            f"(val {m['val_bits_per_token']:.2f} bits/byte). Reproduce with the\n"
            f"  {n} `train_lm.py` commands chaining `--init-from`, or one longer session (`--max-minutes {total}`).\n")


def _gru_line(cfg):
    h = cfg.get("gru_hidden", 0)
    return "" if not h else (f" -> a residual bidirectional GRU ({h} units per direction; the backward GRU runs over\n"
                             "  each row reversed within its length, so end padding never reaches real tokens)")


def _window_note(m, cfg):
    if "train_windows" not in m:
        return "are not scored past the window (the runtime should slide a window)"
    return (f"are scored in overlapping windows ({cfg['max_length']} tokens, 32 shared) in the trial scoring and in\n"
            "the C# runtime alike (a byte's score is the max over its windows), so the card's trial F1 is what "
            "`datagen classify` prints")


def _training_lines(m, mod, cfg):
    """The optimisation that made the weights: this run's, or (0 epochs: re-selection only) the warm-start run's."""
    im = m.get("init_metrics") or {}
    src = m if m.get("epochs_run", 0) > 0 or not im else im
    best = mod["epoch"] if src is m else im.get("best_epoch")
    head = "" if src is m else ("- This run trained nothing (0 epochs): it re-selected the post-processing on trial for the "
                                f"weights in `{m.get('init_from')}` and re-exported them. Those weights were made so:\n")
    return (f"{head}- AdamW (peak lr {src.get('peak_lr', 2e-3)}, warm-up then cosine over the time budget), dropout "
            f"{cfg['dropout']}, cross-entropy per byte, length-bucketed batches of ~6k bytes, seed {src.get('seed')},\n"
            f"  {src.get('epochs_run')} epochs run (time-boxed), best epoch {best}; wall time {src.get('wall_minutes')} min\n"
            f"  ({src.get('cpu_minutes', 'not recorded')} CPU min) on {src.get('threads')} CPU thread(s) of a "
            f"{m.get('cpus', '?')}-core machine (load average at the end\n  {_load_avg(src)}: other jobs shared the "
            f"cores); {_train_windows(src)}.\n"
            + ("" if src is m else f"  Weights made by: `{src.get('command')}`.\n"))


def _train_windows(m):
    if "train_windows" in m:
        return f"long posts cut into overlapping windows ({m['train_windows']} training windows)"
    return "posts truncated at 510 bytes in training"


def _init_line(m):
    src = m.get("init_from")
    im = m.get("init_metrics") or {}
    if not src or (m.get("epochs_run", 0) == 0 and im):
        return ""
    made = (f" (architecture `{im.get('arch', 'cnn')}`, {im.get('epochs_run')} epochs, best epoch {im.get('best_epoch')}, "
            f"peak lr {im.get('peak_lr')}, {im.get('wall_minutes')} min wall on {im.get('threads')} thread(s), by "
            f"`{im.get('command')}`)") if im else ""
    frozen = "; those tensors were frozen, only the new layers trained" if m.get("freeze_init") else ""
    return (f"- Warm start: {m.get('init_tensors_copied')} tensors were copied from `{src}`{made}{frozen}; new layers "
            "started as the identity (zero residual), so training began at that model's scores (epoch 0 in the "
            "history).\n")


def _rel_line(pp):
    if "relative_to_max" not in pp:
        return ""
    return (f"- `words+gaps+rel`: the post is gated on its best word at the threshold ({pp['threshold']}), so it never "
            "spans a post\n  that `words+gaps` leaves clean; then every word scoring >= max(min_word_score "
            f"{pp['min_word_score']}, relative_to_max {pp['relative_to_max']} x best word score)\n  is marked (a strong "
            "insult drops weaker candidates; a weaker word can join it), gaps bridged as in `words+gaps`.\n")


def _write(path, text):
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def tagger_card(folder: str, command: str = COMMAND) -> None:
    m, d = _load(folder, "metrics.json"), _load(folder, "classifier.json")
    if m.get("members"):
        _ensemble_card(folder, m, d, command)
        return
    mod, raw, lex, cfg = m["model"], m["model_plain_chars"], m["lexicon_baseline"], m["config"]
    pp = d.get("postprocess", {})
    rows = "\n".join(f"| model, {k} | {v['f1']:.4f} | {v['precision']:.4f} | {v['recall']:.4f} | {v['threshold']} |"
                     for k, v in m["model_all_variants"].items())
    _write(os.path.join(folder, "MODEL_CARD.md"), f"""# datagen-tagger (byte-level toxic span tagger)

Marks which bytes of a text are toxic. Folder contract: `datagen-token-classifier/1` (see `classifier.json`).

## Data and licence
- Trained on SemEval-2021 Task 5 "Toxic Spans Detection", `tsd_train.csv` ({m['train_posts']} Civil Comments posts
  with annotator-marked character offsets); model selection, threshold and post-processing chosen on `tsd_trial.csv`
  ({m['dev_posts']} posts). Source: github.com/ipavlopoulos/toxic_spans (SemEval2021/data). Licence of the data: CC0 1.0;
  this model is released under CC0 1.0 as well. The data is not in this repository.
- Character offsets are mapped to UTF-8 byte positions: every byte of a gold character is labelled TOXIC.

## Architecture
- Input: [BOS]=257 + UTF-8 bytes + [EOS]=258, [PAD]=256, at most {cfg['max_length']} tokens (`tokenizer.type = bytes`).
- Architecture `{m.get('arch', 'cnn')}`: byte embedding (dim {cfg['dim']}) -> {len(cfg['dilations'])} residual gated dilated 1-D convolution blocks (kernel
  {cfg['kernel']}, dilations {cfg['dilations']}), with a masked mean-pooled post vector mixed back in after block
  {cfg['context_after']} (post-level context){_gru_line(cfg)} -> LayerNorm -> linear to 2 labels ["O", "TOXIC"].
- Hidden states are zeroed at padded positions after every layer, so padding never changes real tokens' logits.
- Parameters: {m['params']:,}. ONNX opset 14, file size {_size(folder) / 1e6:.2f} MB.
- ONNX inputs `input_ids`, `attention_mask` (int64 [batch, seq]); output `logits` (float32 [batch, seq, 2]).

## Training
- Command (retrains both bundled models): `{command}`; tagger only: `/usr/bin/python3 models/factory/train_tagger.py
  --data ../shared/data --out models/tagger`.
{_training_lines(m, mod, cfg)}{_init_line(m)}- Command that produced these files: `{m.get('command', 'see history')}`.

## Metrics (SemEval-2021 Task 5 character F1 on tsd_trial.csv)
Per post: F1 between predicted and gold character-offset sets (empty gold: 1 if the prediction is empty, else 0);
mean over {mod['posts']} posts. Threshold and post-processing were chosen on this same split, so the figures are
optimistic for unseen data (the official test split is kept out of the project on purpose).

| system | F1 | precision | recall | threshold / cut |
|---|---|---|---|---|
{rows}
| word-lexicon baseline (train split, min count {lex['min_count']}) | {lex['f1']:.4f} | {lex['precision']:.4f} | {lex['recall']:.4f} | share > {lex['cut']} |

- Character score = max toxic probability over the character's bytes.
- `chars`: a character is toxic when its score >= threshold (this is what `classifier.json` `threshold` =
  {d['threshold']} means for per-token decisions).
- `words`: a whole word (regex `\\w+('\\w+)*`) is marked when its mean character score >= threshold; `words+gaps`
  also marks the short gap (<= 2 chars, same line) between two marked words, as gold phrases include it.
  Best variant on trial: `{pp.get('variant')}` at threshold {pp.get('threshold')} (stored under
  `classifier.json` `postprocess`).
{_rel_line(pp)}- Lexicon baseline: a lower-cased word is toxic if its share of occurrences inside gold spans in the train split
  exceeds the cut (cut and minimum count chosen on trial).

## Limits
English Civil Comments only; byte-level, so no knowledge beyond the ~8k training posts; spans longer than
{cfg['max_length'] - 2} bytes {_window_note(m, cfg)}.
""")


def _member_row(i, r):
    c, h = r.get("constrained") or {}, r.get("split_half") or {}
    return (f"| member {i + 1} (seed {r.get('seed', '?')}, best epoch {r.get('best_epoch', '?')} of "
            f"{r.get('epochs_run', '?')}) | {c.get('f1', float('nan')):.4f} | {c.get('precision', float('nan')):.4f} | "
            f"{c.get('recall', float('nan')):.4f} | {c.get('threshold')} | {c.get('clean_flag_rate', float('nan')):.3f} | "
            f"{h.get('f1_mean', float('nan')):.4f} |")


def _ensemble_card(folder, m, d, command):
    mod, lex, cfg, pp, held = m["model"], m["lexicon_baseline"], m["config"], d.get("postprocess", {}), m["split_half"]
    clean = m.get("clean_texts") or {}
    members = m["members"]
    member_rows = "\n".join(_member_row(i, r) for i, r in enumerate(members))
    made = "\n".join(f"  - member {i + 1}: seed {r.get('seed', '?')}, {r.get('epochs_run', '?')} epochs in "
                     f"{r.get('wall_minutes', '?')} min on {r.get('threads', '?')} thread(s): `{r.get('command', '?')}`"
                     for i, r in enumerate(members))
    curve = "\n".join(f"| {c['threshold']} | {c['f1']:.4f} | {c.get('clean_flag_rate', float('nan')):.3f} |"
                       for c in m.get("gate_curve", []))
    per = m["params"] // len(members)
    _write(os.path.join(folder, "MODEL_CARD.md"), f"""# datagen-tagger (byte-level toxic span tagger, {len(members)}-seed ensemble)

Marks which bytes of a text are toxic. Folder contract: `datagen-token-classifier/1` (see `classifier.json`).

## Data and licence
- Trained on SemEval-2021 Task 5 "Toxic Spans Detection", `tsd_train.csv` ({m['train_posts']} Civil Comments posts
  with annotator-marked character offsets); best epochs, threshold and post-processing chosen on `tsd_trial.csv`
  ({m['dev_posts']} posts). Source: github.com/ipavlopoulos/toxic_spans (SemEval2021/data). Licence of the data: CC0 1.0;
  this model is released under CC0 1.0 as well. The data is not in this repository.
- False-positive check: {clean.get('count', 0)} clean RealToxicityPrompts texts ({clean.get('source', 'not available')}),
  used only to cap how many clean texts the chosen post-processing may flag (see Metrics).
- Character offsets are mapped to UTF-8 byte positions: every byte of a gold character is labelled TOXIC.

## Architecture
- {len(members)} taggers of one architecture, trained alike from different seeds, in one ONNX graph: `logits` is the
  log of their mean softmax, so the contract's softmax gives the mean toxic probability.
- Each member: [BOS]=257 + UTF-8 bytes + [EOS]=258, [PAD]=256, at most {cfg['max_length']} tokens; byte embedding (dim
  {cfg['dim']}) -> {len(cfg['dilations'])} residual gated dilated 1-D convolution blocks (kernel {cfg['kernel']}, dilations
  {cfg['dilations']}), a masked mean-pooled post vector mixed back in after block {cfg['context_after']} -> LayerNorm ->
  linear to 2 labels ["O", "TOXIC"]. Hidden states are zeroed at padded positions, so padding never changes real tokens.
- Parameters: {m['params']:,} ({per:,} per member). ONNX opset 14, file size {_size(folder) / 1e6:.2f} MB.
- ONNX inputs `input_ids`, `attention_mask` (int64 [batch, seq]); output `logits` (float32 [batch, seq, 2]).

## Training
- Command (retrains both bundled models, members one after another): `{command}`
  (`--tagger-seeds` picks the members; one seed ships a single tagger).
- Each member: `models/factory/train_tagger.py --seed S` (AdamW, warm-up then cosine over a time budget, dropout
  {cfg['dropout']}, cross-entropy per byte, length-bucketed batches of ~6k bytes; best epoch on trial). These members:
{made}
- Combined by: `{m.get('command', '?')}` ({m.get('ensemble_wall_minutes', '?')} min).

## Metrics (SemEval-2021 Task 5 character F1 on tsd_trial.csv)
Per post: F1 between predicted and gold character-offset sets (empty gold: 1 if the prediction is empty, else 0);
mean over {mod['posts']} posts, as `datagen classify --gold-column spans` prints it.

| system | F1 | precision | recall | gate | clean texts flagged | held-out F1 (split-half) |
|---|---|---|---|---|---|---|
| **ensemble, shipped** (`{pp.get('variant')}`) | **{mod['f1']:.4f}** | {mod['precision']:.4f} | {mod['recall']:.4f} | {pp.get('threshold')} | {mod.get('clean_flag_rate', float('nan')):.3f} | **{held['f1_mean']:.4f}** (range {held['f1_min']:.4f} to {held['f1_max']:.4f}) |
{member_rows}
| word-lexicon baseline (train split, min count {lex['min_count']}) | {lex['f1']:.4f} | {lex['precision']:.4f} | {lex['recall']:.4f} | share > {lex['cut']} | | |

- Post-processing `words+gaps+rel` (stored in `classifier.json` `postprocess`): the post is marked only if its best
  word's mean character score reaches the gate ({pp.get('threshold')}); then every word scoring >= max(min_word_score
  {pp.get('min_word_score')}, relative_to_max {pp.get('relative_to_max')} x best word) is marked, and the short gap
  (<= 2 chars, same line) between two marked words is bridged, as gold phrases include it.
- How it was chosen: for each gate, min_word_score and relative_to_max with the best trial F1; among gates whose
  setting flags at most {clean.get('max_flag_rate', float('nan')):.3f} of the clean texts (the lowest rate of any member at
  its own best trial setting), the best trial F1. The ensemble's gain therefore does not come from marking more.{"" if clean.get("cap_met", True) else " NOT MET here: no gate kept the rate that low, so the most careful gate was shipped."}
- Members are scored under the same rule and cap. "Held-out F1": choose the setting on a random half of trial and
  score the other half, {held['halves']} halves; it removes the optimism of choosing the post-processing on the scored
  posts (not that of choosing each member's best epoch on trial).
- Plain per-character threshold (no post-processing) for the ensemble: F1 {m['model_plain_chars']['f1']:.4f} at
  {m['model_plain_chars']['threshold']} (`classifier.json` `threshold`).
- Lexicon baseline: a lower-cased word is toxic if its share of occurrences inside gold spans in the train split
  exceeds the cut (cut and minimum count chosen on trial).

Trade-off of the ensemble by gate (best min_word/relative per gate on trial):

| gate | trial F1 | clean texts flagged |
|---|---|---|
{curve}

## Limits
English Civil Comments only; byte-level, so no knowledge beyond the ~8k training posts; even at the chosen gate it
marks a span in {mod.get('clean_flag_rate', float('nan')) * 100:.0f} % of clean RealToxicityPrompts texts (a higher gate trades F1 for fewer, see the table);
three members cost three times the inference of one. Spans longer than {cfg['max_length'] - 2} bytes are scored in
overlapping windows ({cfg['max_length']} tokens, 32 shared) in the trial scoring and in the C# runtime alike.
""")


def lm_card(folder: str, command: str = COMMAND) -> None:
    m, d = _load(folder, "metrics.json"), _load(folder, "model.json")
    cfg = m["config"]
    _write(os.path.join(folder, "MODEL_CARD.md"), f"""# datagen-policy-lm (small byte-level causal LM)

A deliberately small policy model the pipeline can sample from without any server. It imitates online comments,
so its samples sometimes turn toxic like real comments; that is its purpose (material for backtracking data).
Do not use it as an assistant. Folder contract: `datagen-causal-lm/1` (see `model.json`, `parity.json`).

## Data and licence
- Trained on the comment texts (spans ignored) of SemEval-2021 Task 5 Toxic Spans, `tsd_train.csv` + `tsd_trial.csv`
  (Civil Comments posts; github.com/ipavlopoulos/toxic_spans, SemEval2021/data). Licence of the data: CC0 1.0; this
  model is released under CC0 1.0. RealToxicityPrompts text (CC BY-SA 4.0) was NOT used. The data is not in this
  repository. 5% of the comments (seeded shuffle) are held out for validation.

## Architecture
- Decoder-only transformer, pre-LayerNorm, learned absolute positions (indexed by `position_ids`), GELU MLP
  (x{cfg['mlp_ratio']}), tied input/output embeddings.
- {cfg['num_layers']} layers, {cfg['num_heads']} heads x head_dim {cfg['head_dim']} (d_model
  {cfg['num_heads'] * cfg['head_dim']}), max_positions {cfg['max_positions']}, vocabulary {cfg['vocab_size']}:
  0..255 UTF-8 bytes, 256 [PAD], 257 [BOS], 258 [EOS], 259 [RESET], 260..387 [BACKTRACK_BY_1..128],
  388..393 category markers, 394..399 reserved (all rows exist; untrained markers are for later fine-tuning).
- Parameters: {m['params']:,}. ONNX opset 14, file size {_size(folder) / 1e6:.2f} MB, one graph for prefill and
  decode (Optimum decoder-with-past names: `input_ids`, `attention_mask`, `position_ids`,
  `past_key_values.{{i}}.key|value` -> `logits`, `present.{{i}}.key|value`; empty past = past_seq 0).
- Masking uses a large finite negative (-1e9), so left-padded rows never produce NaN.

## Training
- Command (retrains both bundled models): `{command}`; LM only: `/usr/bin/python3 models/factory/train_lm.py
  --data ../shared/data --out models/policy-lm`.
- One comment per sequence: [BOS] + bytes + [EOS], truncated to {cfg['max_positions']} tokens; AdamW (peak lr {m.get('peak_lr', 2e-3)},
  betas 0.9/0.95, weight decay 0.1, warm-up then time-based cosine), dropout {cfg['dropout']}, length-bucketed
  batches of ~2k tokens, seed {m['seed']}; {m['steps']} steps ({m['train_tokens']:,} training tokens per epoch,
  {m['epochs_started']} epoch(s) started); wall time {m['wall_minutes']} min on {m['threads']} CPU thread(s)
  of a {m.get('cpus', '?')}-core machine (load average at the end {_load_avg(m)}: other jobs shared the cores).
  Command that produced these files: `{m.get('command', 'see history')}`.
{_sessions(m)}  Training is time-boxed, so the step count depends on machine speed (`--max-steps` fixes it).

## Metrics
- Validation loss {m['val_loss_nats_per_token']:.4f} nats/token = {m['val_bits_per_token']:.3f} bits per byte
  (token = UTF-8 byte, plus one [EOS] per comment; {m['val_sequences']} held-out comments).
- `parity.json` holds PyTorch reference logits for a left-padded batch and for a prefill + one cached decode step.
""")
