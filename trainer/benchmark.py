"""Step throughput of the trainer on a bundled model: SFT and DPO optimizer steps on synthetic rows of a fixed length.

  /usr/bin/python3 trainer/benchmark.py --model models/policy-lm --batch 16 --length 256 --steps 5
Prints one JSON object (steps/s, tokens/s); a few steps only, for planning a real run."""
import argparse
import json
import os
import random
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datagen_trainer.bundled_model import BundledModel  # noqa: E402
from datagen_trainer.examples import IGNORE, Example, PairExample  # noqa: E402
from datagen_trainer.phase import DpoObjective, SftObjective  # noqa: E402


def example(rng, length, context):
    ids = [257] + [rng.randrange(32, 127) for _ in range(length - 2)] + [258]
    return Example(ids, [IGNORE] * context + ids[context:], False)


def timed(objective, module, params, batches, device):
    opt = torch.optim.AdamW(params, lr=1e-5)
    out, cpu = [], []
    for idx in batches:
        start, cpu_start = time.perf_counter(), time.process_time()
        loss, _ = objective.step(module, idx, device)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        out.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    return out[1:], cpu[1:]  # the first step warms up allocators


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="models/policy-lm")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--length", type=int, default=256)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    rng = random.Random(1)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    model = BundledModel(a.model, device)
    context = a.length // 4
    sft = [example(rng, a.length, context) for _ in range(a.batch * (a.steps + 1))]
    pairs = [PairExample(example(rng, a.length, context), example(rng, a.length, context))
             for _ in range(a.batch * (a.steps + 1))]
    batches = [list(range(i * a.batch, (i + 1) * a.batch)) for i in range(a.steps + 1)]
    module = model.module
    module.train()
    sft_times, sft_cpu = timed(SftObjective(model, sft), module, model.trainable(), batches, device)
    dpo = DpoObjective(model, pairs, 0.1)
    start = time.perf_counter()
    dpo.compute_reference(module, a.batch, device, lambda: False)
    ref_per_batch = (time.perf_counter() - start) / len(batches)
    module.train()
    dpo_times, dpo_cpu = timed(dpo, module, model.trainable(), batches, device)
    sft_s, dpo_s = sum(sft_times) / len(sft_times), sum(dpo_times) / len(dpo_times)
    print(json.dumps({"model": a.model, "parameters": model.parameters(), "device": str(device),
                      "threads": torch.get_num_threads(), "batch": a.batch, "length": a.length,
                      "timed_steps": len(sft_times), "sft_steps_per_s": round(1 / sft_s, 3),
                      "sft_tokens_per_s": round(a.batch * a.length / sft_s),
                      "sft_cpu_s_per_step": round(sum(sft_cpu) / len(sft_cpu), 3),
                      "dpo_steps_per_s": round(1 / dpo_s, 3),
                      "dpo_cpu_s_per_step": round(sum(dpo_cpu) / len(dpo_cpu), 3),
                      "dpo_reference_s_per_batch": round(ref_per_batch, 3),
                      "dpo_steps_per_s_incl_reference": round(1 / (dpo_s + ref_per_batch), 3),
                      "load_average": [round(x, 2) for x in os.getloadavg()]}))


if __name__ == "__main__":
    main()
