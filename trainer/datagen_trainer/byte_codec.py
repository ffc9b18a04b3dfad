"""Text <-> ids for the bundled byte LM, byte for byte as the C# CompletionPrompt and the contract define them."""
from __future__ import annotations

import re

BRACKET = re.compile(r"\[[A-Z0-9_]+\]")
BACKTRACK = re.compile(r"\[BACKTRACK_BY_([1-9][0-9]*)\]")


def context_text(prompt) -> str:
    """User contents concatenated, then the last message's content if it is from the assistant (continued)."""
    text = "".join(content for role, content in prompt if role == "user")
    if prompt and prompt[-1][0] == "assistant":
        text += prompt[-1][1]
    return text


def largest_backtrack(special: dict) -> int:
    ks = {int(m.group(1)) for m in (BACKTRACK.fullmatch(n) for n in special) if m}
    # The split needs every k from 1 to the largest, so use the longest unbroken run.
    largest = 0
    while largest + 1 in ks:
        largest += 1
    return largest


def split_long_backtracks(text: str, largest: int) -> str:
    """Rewrites [BACKTRACK_BY_k] with k above the largest marker as repeated largest markers plus the remainder."""
    def repl(m):
        k = int(m.group(1))
        if not largest or k <= largest:
            return m.group(0)
        parts = [f"[BACKTRACK_BY_{largest}]"] * (k // largest)
        return "".join(parts + ([f"[BACKTRACK_BY_{k % largest}]"] if k % largest else []))
    return BACKTRACK.sub(repl, text)


class ByteCodec:
    """[BOS] + UTF-8 bytes for the context; completion bytes with marker names as single ids; EOS closes it."""

    keep_head = 1  # the BOS survives left truncation

    def __init__(self, descriptor: dict):
        self.bos_id, self.eos_id, self.pad_id = descriptor["bos_id"], descriptor["eos_id"], descriptor["pad_id"]
        self.special = dict(descriptor.get("special_tokens", {}))
        self.largest = largest_backtrack(self.special)

    def context_ids(self, prompt) -> list:
        return [self.bos_id] + list(context_text(prompt).encode("utf-8"))

    def text_ids(self, text: str) -> list:
        text = split_long_backtracks(text, self.largest)
        ids, pos = [], 0
        for m in BRACKET.finditer(text):
            if m.group(0) not in self.special:
                continue  # an unknown bracketed name is plain text
            ids.extend(text[pos:m.start()].encode("utf-8"))
            ids.append(self.special[m.group(0)])
            pos = m.end()
        ids.extend(text[pos:].encode("utf-8"))
        return ids
