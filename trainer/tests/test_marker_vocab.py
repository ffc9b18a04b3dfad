"""The Hugging Face marker logic against the two interfaces it uses (transformers is not installable here): a
tokenizer with get_vocab/add_tokens/convert_tokens_to_ids and a model with get_input/output_embeddings and
resize_token_embeddings, implemented by a tiny torch module below."""
import os
import re
import sys
import unittest

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from datagen_trainer.hf_codec import HfCodec  # noqa: E402
from datagen_trainer.marker_vocab import add_markers, marker_names, module_name  # noqa: E402


class CharTokenizer:
    """One id per character; added tokens are matched whole first, like a transformers added special token."""

    def __init__(self, chars="abcdefghijklmnopqrstuvwxyz []_0123456789"):
        self.vocab = {c: i for i, c in enumerate(chars)}
        self.vocab["<eos>"] = len(self.vocab)
        self.added = []
        self.eos_token_id, self.pad_token_id, self.bos_token_id, self.chat_template = self.vocab["<eos>"], None, None, None

    def get_vocab(self):
        return dict(self.vocab)

    def __len__(self):
        return len(self.vocab)

    def add_tokens(self, tokens, special_tokens=False):
        for t in tokens:
            self.vocab.setdefault(t, len(self.vocab))
            self.added.append(t)
        return len(tokens)

    def convert_tokens_to_ids(self, tokens):
        return [self.vocab[t] for t in tokens]

    def __call__(self, text, add_special_tokens=False):
        ids, pattern = [], "|".join(re.escape(t) for t in sorted(self.added, key=len, reverse=True)) or "(?!)"
        pos = 0
        for m in re.finditer(pattern, text):
            ids += [self.vocab[c] for c in text[pos:m.start()]] + [self.vocab[m.group(0)]]
            pos = m.end()
        return {"input_ids": ids + [self.vocab[c] for c in text[pos:]]}


class TinyLm(nn.Module):
    def __init__(self, vocab, dim=4, tied=False):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, dim)
        self.lm_head = nn.Linear(dim, vocab, bias=False)
        if tied:
            self.lm_head.weight = self.embed_tokens.weight

    def get_input_embeddings(self):
        return self.embed_tokens

    def get_output_embeddings(self):
        return self.lm_head

    def resize_token_embeddings(self, n):
        tied = self.lm_head.weight is self.embed_tokens.weight
        old_in, old_out = self.embed_tokens.weight.data, self.lm_head.weight.data
        self.embed_tokens = nn.Embedding(n, old_in.size(1))
        self.embed_tokens.weight.data[:old_in.size(0)] = old_in
        self.lm_head = nn.Linear(old_in.size(1), n, bias=False)
        if tied:
            self.lm_head.weight = self.embed_tokens.weight
        else:
            self.lm_head.weight.data[:old_out.size(0)] = old_out


class MarkerVocabTests(unittest.TestCase):
    def test_missing_markers_are_added_and_new_rows_are_the_mean_of_old_rows(self):
        tok = CharTokenizer()
        model = TinyLm(len(tok))
        old_in, old_out = model.embed_tokens.weight.detach().clone(), model.lm_head.weight.detach().clone()
        added = add_markers(tok, model)
        self.assertEqual(added, marker_names())
        ids = tok.convert_tokens_to_ids(added)
        self.assertEqual(model.embed_tokens.weight.shape[0], len(tok))
        for new in (ids[0], ids[-1]):
            self.assertTrue(torch.allclose(model.embed_tokens.weight[new], old_in.mean(0)))
            self.assertTrue(torch.allclose(model.lm_head.weight[new], old_out.mean(0)))
        self.assertTrue(torch.equal(model.embed_tokens.weight[:old_in.size(0)], old_in))

    def test_tied_embeddings_are_initialised_once_and_stay_tied(self):
        tok = CharTokenizer()
        model = TinyLm(len(tok), tied=True)
        old = model.embed_tokens.weight.detach().clone()
        add_markers(tok, model)
        new = tok.convert_tokens_to_ids(["[RESET]"])[0]
        self.assertIs(model.lm_head.weight, model.embed_tokens.weight)
        self.assertTrue(torch.allclose(model.embed_tokens.weight[new], old.mean(0)))

    def test_markers_already_in_the_vocabulary_are_not_added_again(self):
        tok = CharTokenizer()
        model = TinyLm(len(tok))
        add_markers(tok, model, ["[RESET]"])
        self.assertEqual(add_markers(tok, model, ["[RESET]", "[TOXIC]"]), ["[TOXIC]"])

    def test_spare_embedding_rows_are_reused_without_resizing(self):
        tok = CharTokenizer()
        model = TinyLm(len(tok) + 8)
        old = model.embed_tokens.weight.detach().clone()
        add_markers(tok, model, ["[RESET]"])
        self.assertEqual(model.embed_tokens.weight.shape[0], old.size(0))
        self.assertTrue(torch.allclose(model.embed_tokens.weight[tok.vocab["[RESET]"]], old[:len(tok) - 1].mean(0)))

    def test_module_name_finds_the_embedding_attribute_for_lora_modules_to_save(self):
        model = TinyLm(10)
        self.assertEqual(module_name(model, model.get_input_embeddings()), "embed_tokens")


class HfCodecTests(unittest.TestCase):
    def test_plain_concatenation_without_a_chat_template_and_split_backtracks(self):
        tok = CharTokenizer()
        add_markers(tok, TinyLm(len(tok)))
        codec = HfCodec(tok, 128)
        self.assertEqual(codec.context_ids((("system", "zz"), ("user", "ab"), ("assistant", "c"))),
                         [tok.vocab[c] for c in "abc"])
        self.assertEqual(codec.text_ids("x[BACKTRACK_BY_130]"),
                         [tok.vocab["x"], tok.vocab["[BACKTRACK_BY_128]"], tok.vocab["[BACKTRACK_BY_2]"]])
        self.assertEqual(codec.pad_id, tok.eos_token_id)


if __name__ == "__main__":
    unittest.main()
