"""Rows -> token ids with per-token loss labels (-100 = no loss), shared by both model kinds through a codec."""
from __future__ import annotations

from dataclasses import dataclass

IGNORE = -100


@dataclass(frozen=True)
class Example:
    ids: list
    labels: list  # labels[i] = ids[i] where token i is trained, else IGNORE
    truncated: bool


@dataclass(frozen=True)
class PairExample:
    chosen: Example
    rejected: Example


def fit(context: list, completion: list, labels: list, max_length: int, keep_head: int) -> Example:
    """Cuts the context from the left (after its first keep_head tokens), then the completion from the right."""
    excess = len(context) + len(completion) - max_length
    truncated = excess > 0
    if excess > 0:
        cut = min(excess, max(len(context) - keep_head, 0))
        context = context[:keep_head] + context[keep_head + cut:]
        excess -= cut
    if excess > 0:
        completion, labels = completion[:len(completion) - excess], labels[:len(labels) - excess]
    return Example(context + completion, [IGNORE] * len(context) + labels, truncated)


def sft_example(codec, row, prefix_loss: bool, max_length: int) -> Example:
    """prefix + violation + marker + continuation + EOS; loss on marker, continuation and EOS, never on violation."""
    completion, labels = [], []
    for text, trained in ((row.prefix, prefix_loss), (row.violation, False), (row.marker, True),
                          (row.continuation, True)):
        ids = codec.text_ids(text)
        completion += ids
        labels += ids if trained else [IGNORE] * len(ids)
    completion.append(codec.eos_id)
    labels.append(codec.eos_id)
    return fit(codec.context_ids(row.prompt), completion, labels, max_length, codec.keep_head)


def completion_example(codec, context: list, text: str, max_length: int) -> Example:
    ids = codec.text_ids(text) + [codec.eos_id]
    return fit(context, ids, list(ids), max_length, codec.keep_head)


def dpo_example(codec, row, max_length: int) -> PairExample:
    """Chosen and rejected each follow the same context; only completion tokens (+ EOS) carry log-probabilities."""
    context = codec.context_ids(row.prompt)
    return PairExample(completion_example(codec, context, row.chosen, max_length),
                       completion_example(codec, context, row.rejected, max_length))
