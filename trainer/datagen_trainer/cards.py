"""The final model folder: weights (ONNX export or save_pretrained), MODEL_CARD.md and train_metrics.json,
assembled under a temporary name and renamed into place."""
from __future__ import annotations

import os
import platform
import shutil
import sys
import time

import torch

from .data import kind_counts
from .errors import TrainerError
from .events import log
from .factory import atomic_json

LICENSE = "CC-BY-SA-4.0"
LICENSE_NOTE = ("Training text: prompts from RealToxicityPrompts (CC BY-SA 4.0) and model-written text (the base "
                "policy's own samples and the corrected continuations written for them); the fine-tuned weights are "
                "released under CC BY-SA 4.0 to honour the prompts' share-alike terms.")
PARITY_LIMIT = 1e-3


def _fmt(v):
    return f"{v:.4f}" if isinstance(v, float) else str(v)


def _phase_lines(name, r):
    if not r:
        return [f"- {name.upper()}: not run"]
    if "skipped" in r:
        return [f"- {name.upper()}: {r['skipped']}"]
    return [f"- {name.upper()}: " + ", ".join(f"{k} {_fmt(v)}" for k, v in r.items() if k != "checkpoint")]


def _card(m: dict) -> str:
    cfg = m["config"]
    rows = "\n".join(f"- {phase}: {m['rows'][phase]['total']} rows ({', '.join(f'{k} {v}' for k, v in m['rows'][phase]['kinds'].items())}) from `{m['data'][phase]}`"
                     for phase in ("sft", "dpo") if m["rows"].get(phase))
    parity = m.get("onnx_parity")
    parity_line = (f"- ONNX export vs PyTorch, last-position logits of a left-padded batch {parity['input_shape']}: max abs "
                   f"diff {parity['max_abs_diff']:.2e} ({parity['engine']})" if parity else "- no ONNX export")
    return "\n".join([
        f"# {m['name']} (backtracking fine-tune of {m['base']})", "",
        "Fine-tuned by the DataGen trainer (`trainer/train.py`) to emit backtracking markers ([RESET], "
        "[BACKTRACK_BY_k], category markers) and continue safely. A research artefact: do not use it as an assistant.",
        "", "## Training data", f"- Run folder: `{m['run_folder']}`", rows, "",
        "## Licence", f"- {LICENSE_NOTE}", "",
        "## Training",
        f"- Command: `{m['command']}`", f"- Started {m['started_utc']}, wall time {m['wall_s']:.1f} s on "
        f"{m['device']} ({m['host']}), seed {m['seed']}, model kind `{m['model_kind']}`, {m['parameters']:,} parameters.",
        "- SFT: loss on marker + continuation + EOS, none on the violation"
        + (", loss on the kept prefix" if cfg.get("sft") and cfg["sft"].get("prefix_loss") else ", none on the kept prefix") + ".",
        f"- DPO: sigmoid loss, beta {cfg['dpo'].get('beta', 0.1) if cfg.get('dpo') else '-'}, frozen reference (the policy at the "
        "start of DPO), log-probabilities summed over completion tokens + EOS.", "",
        "## Metrics", *_phase_lines("sft", m["sft"]), *_phase_lines("dpo", m["dpo"]), parity_line,
        "- Per-step figures: `metrics.jsonl` in the training output folder.", ""])


def _bundled_weights(run, tmp, name, source) -> dict | None:
    if run.cfg.export_onnx:
        parity = run.model.export(tmp, name, source, LICENSE)
        log(f"ONNX export parity: max abs diff {parity['max_abs_diff']:.2e} ({parity['engine']})")
        if parity["max_abs_diff"] > PARITY_LIMIT:
            raise TrainerError(f"the exported model.onnx disagrees with PyTorch (max abs diff "
                               f"{parity['max_abs_diff']:.2e} > {PARITY_LIMIT}); the export is broken")
        return parity
    # Same layout as the factory's checkpoints, so models/factory/export_lm.py --checkpoint can export it later.
    torch.save({"config": run.model.module.cfg.to_dict(), "state_dict": {k: v.cpu() for k, v in run.model.state().items()},
                "name": name, "source": source, "license": LICENSE}, os.path.join(tmp, "policy_lm.pt"))
    return None


def write_final_files(run, final: str, results: dict, sft_rows, dpo_rows) -> dict:
    cfg = run.cfg
    base = run.model.base_name()
    name = f"{base}-backtracking"
    run_folder = os.path.dirname(cfg.output_dir.rstrip(os.sep))
    source = f"fine-tuned from {base} by trainer/train.py (SFT + DPO) on the backtracking data of run {run_folder}"
    tmp = f"{final}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    parity = _bundled_weights(run, tmp, name, source) if run.model.kind == "bundled" else run.model.save_final(tmp)
    metrics = {
        "name": name, "base": base, "model_kind": run.model.kind, "parameters": run.model.parameters(),
        "device": str(run.device), "host": platform.node(), "seed": cfg.seed, "run_folder": run_folder,
        "command": " ".join([sys.executable] + sys.argv),
        "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(run.started)),
        "wall_s": round(time.time() - run.started, 2),
        "rows": {k: {"total": len(rows), "kinds": kind_counts(rows)} for k, rows in (("sft", sft_rows), ("dpo", dpo_rows))
                 if rows},
        "data": {"sft": cfg.sft.data if cfg.sft else None, "dpo": cfg.dpo.data if cfg.dpo else None},
        "sft": results.get("sft"), "dpo": results.get("dpo"), "onnx_parity": parity,
        "import_parity_max_abs_diff": getattr(run.model, "import_diff", None), "license": LICENSE,
        "config": cfg.raw}
    atomic_json.write_json(os.path.join(tmp, "train_metrics.json"), metrics)
    with open(os.path.join(tmp, "MODEL_CARD.md"), "w", encoding="utf-8") as f:
        f.write(_card(metrics))
    old = f"{final}.old-{os.getpid()}"
    if os.path.exists(final):
        os.replace(final, old)
    os.replace(tmp, final)
    shutil.rmtree(old, ignore_errors=True)
    return metrics
