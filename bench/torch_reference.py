"""PyTorch reference for benchmark 3: the policy LM's own PyTorch code with weights read from the shipped model.onnx.

Reads a JSON request on stdin ({model, prompts, batches, new_tokens, threads: most intra-op threads to try}); prints JSON with greedy tokens/s with and
without the KV cache per setting (prefill included, EOS ignored), row 0's tokens, and the parity check against
parity.json. Exit code 3 with a one-line reason when torch or onnx is not installed.
"""
from __future__ import annotations

import json
import os
import sys
import time


def load_model(folder):
    import onnx
    import torch
    from onnx import numpy_helper
    from policy_lm import LmConfig, PolicyLm

    meta = json.load(open(os.path.join(folder, "model.json"), encoding="utf-8"))
    cfg = LmConfig(vocab_size=meta["vocab_size"], num_layers=meta["num_layers"], num_heads=meta["num_heads"],
                   head_dim=meta["head_dim"], max_positions=meta["max_positions"])
    model = PolicyLm(cfg)
    graph = onnx.load(os.path.join(folder, meta["onnx"])).graph
    named = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    state = {}
    for name, array in named.items():
        if name.startswith("model."):
            state[name[len("model."):]] = torch.from_numpy(array.copy())
    # The exporter folded Linear weights into transposed MatMul constants, in module order: qkv, out, mlp.0, mlp.2 per block.
    matmuls = [named[i.name] for i in graph.initializer if i.name.startswith("onnx::MatMul")]
    order = [f"blocks.{b}.{m}.weight" for b in range(cfg.num_layers) for m in ("attn.qkv", "attn.out", "mlp.0", "mlp.2")]
    if len(matmuls) != len(order) + 1:
        raise SystemExit(f"unexpected ONNX layout: {len(matmuls)} MatMul constants for {len(order)} linear layers + tied head")
    for name, array in zip(order, matmuls):
        state[name] = torch.from_numpy(array.T.copy())
    model.load_state_dict(state)
    model.eval()
    return model, meta


def parity_diff(model, folder):
    import torch
    parity = json.load(open(os.path.join(folder, "parity.json"), encoding="utf-8"))
    ids = torch.tensor(parity["input_ids"])
    mask = torch.tensor(parity["attention_mask"])
    pos = torch.tensor(parity["position_ids"])
    with torch.no_grad():
        logits, _ = model(ids, mask, pos)
    return float((logits[:, -1, :] - torch.tensor(parity["last_logits"])).abs().max())


def left_pad(rows, pad_id):
    import torch
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, width - len(r):] = torch.tensor(r)
        mask[i, width - len(r):] = 1
    return ids, mask, (mask.cumsum(-1) - 1).clamp(min=0)


def generate(model, prompts, new_tokens, use_cache, pad_id):
    import torch
    rows = [list(p) for p in prompts]
    first = []
    with torch.no_grad():
        ids, mask, pos = left_pad(rows, pad_id)
        logits, past = model(ids, mask, pos)
        for step in range(new_tokens):
            nxt = logits[:, -1, :].argmax(-1)
            first.append(int(nxt[0]))
            if step + 1 == new_tokens:
                break
            for r, t in zip(rows, nxt.tolist()):
                r.append(t)
            if use_cache:
                mask = torch.cat([mask, torch.ones(len(rows), 1, dtype=torch.long)], dim=1)
                pos = (mask.sum(-1, keepdim=True) - 1)
                logits, past = model(nxt.unsqueeze(1), mask, pos, past)
            else:
                ids, mask, pos = left_pad(rows, pad_id)
                logits, past = model(ids, mask, pos)
    return first


def main():
    try:
        import torch  # noqa: F401
        import onnx  # noqa: F401
    except ImportError as e:
        print(f"torch/onnx not importable by {sys.executable}: {e}", file=sys.stderr)
        sys.exit(3)
    import torch
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, "..", "models", "factory"))
    request = json.load(sys.stdin)
    model, meta = load_model(request["model"])
    diff = parity_diff(model, request["model"])
    prompts = [[meta["bos_id"]] + list(p.encode("utf-8")) for p in request["prompts"]]
    pad = meta["pad_id"]
    # Give PyTorch its best thread count: with a busy core, more intra-op threads can be many times slower.
    trials = {}
    for threads in sorted({1, int(request["threads"])}):
        torch.set_num_threads(threads)
        generate(model, prompts[:1], 8, True, pad)
        start = time.perf_counter()
        generate(model, prompts[:8], 16, True, pad)
        generate(model, prompts[:1], 16, False, pad)
        trials[threads] = time.perf_counter() - start
    torch.set_num_threads(min(trials, key=trials.get))
    generate(model, prompts[:1], 8, True, pad)
    generate(model, prompts[:1], 8, False, pad)
    runs = []
    for cache in (True, False):
        for batch in request["batches"]:
            for n in request["new_tokens"]:
                start = time.perf_counter()
                first = generate(model, prompts[:batch], n, cache, pad)
                elapsed = time.perf_counter() - start
                runs.append({"cache": cache, "batch": batch, "new_tokens": n, "tokens_per_s": batch * n / elapsed,
                             "first_row": first})
    json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(),
               "thread_trials_s": {str(k): v for k, v in trials.items()}, "parity_max_abs_diff": diff, "runs": runs},
              sys.stdout)


if __name__ == "__main__":
    main()
