"""Backtracking markers for a Hugging Face model: added to the tokenizer when missing, embedding rows resized and the
new rows set to the mean of the existing ones (a neutral start: the new token predicts like an average token)."""
from __future__ import annotations

import torch

from .factory import policy_lm


def marker_names() -> list:
    """The bundled LM's marker set ([RESET], [BACKTRACK_BY_1..128], category markers), so both kinds share it."""
    return [n for n in policy_lm.special_tokens() if n not in ("[PAD]", "[BOS]", "[EOS]")]


@torch.no_grad()
def init_rows(weight: torch.Tensor, new_ids: list, known_rows: int) -> None:
    weight[new_ids] = weight[:known_rows].float().mean(0).to(weight.dtype)


def add_markers(tokenizer, model, names=None) -> list:
    """Adds the missing markers as special tokens (never split); returns the added names."""
    names = marker_names() if names is None else names
    vocab = tokenizer.get_vocab()
    missing = [n for n in names if n not in vocab]
    if not missing:
        return []
    known = len(tokenizer)
    tokenizer.add_tokens(missing, special_tokens=True)
    ids = tokenizer.convert_tokens_to_ids(missing)
    known_rows = min(known, model.get_input_embeddings().weight.shape[0])
    if max(ids) >= model.get_input_embeddings().weight.shape[0]:
        model.resize_token_embeddings(len(tokenizer))
    inp = model.get_input_embeddings().weight
    init_rows(inp, ids, known_rows)
    out = model.get_output_embeddings()
    if out is not None and out.weight.data_ptr() != inp.data_ptr():
        init_rows(out.weight, ids, known_rows)
    return missing


def module_name(model, module) -> str | None:
    for name, m in model.named_modules():
        if m is module:
            return name.rsplit(".", 1)[-1]
    return None
