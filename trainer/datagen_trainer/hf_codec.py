"""Text <-> ids for a Hugging Face tokenizer: the chat template when it has one (continuing a final assistant
message), else the bundled LM's plain concatenation; markers are the tokenizer's added special tokens."""
from __future__ import annotations

from .byte_codec import context_text, split_long_backtracks


class HfCodec:
    def __init__(self, tokenizer, largest_backtrack: int):
        self.tok = tokenizer
        self.largest = largest_backtrack
        self.eos_id = tokenizer.eos_token_id
        self.pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
        self.bos_id = tokenizer.bos_token_id
        self.templated = bool(getattr(tokenizer, "chat_template", None))
        self.keep_head = 1 if (self.templated or self.bos_id is not None) else 0

    def _encode(self, text: str) -> list:
        return list(self.tok(text, add_special_tokens=False)["input_ids"])

    def _template(self, messages: list) -> str:
        if messages[-1]["role"] != "assistant":
            return self.tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        try:
            return self.tok.apply_chat_template(messages, tokenize=False, continue_final_message=True)
        except TypeError:  # transformers < 4.45: render closed, then cut right after the final message's content
            text = self.tok.apply_chat_template(messages, tokenize=False)
            return text[:text.rindex(messages[-1]["content"]) + len(messages[-1]["content"])]

    def context_ids(self, prompt) -> list:
        if self.templated:
            return self._encode(self._template([{"role": r, "content": c} for r, c in prompt]))
        head = [self.bos_id] if self.bos_id is not None else []
        return head + self._encode(context_text(prompt))

    def text_ids(self, text: str) -> list:
        return self._encode(split_long_backtracks(text, self.largest)) if text else []
