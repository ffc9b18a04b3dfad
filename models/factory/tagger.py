"""Byte-level toxic span tagger: byte embeddings, residual gated dilated 1-D convolutions, a masked mean-pooled
post vector mixed back in for post-level context, optional masked bidirectional GRU (arch "cnn-gru"), optional masked
self-attention, per-byte logits ["O", "TOXIC"].

Hidden states are multiplied by attention_mask after every layer, so padded positions stay exactly zero and a
padded batch gives the same logits on real tokens as each row alone (the convolutions' own zero padding)."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn

PAD_ID, BOS_ID, EOS_ID = 256, 257, 258
LABELS = ["O", "TOXIC"]
MASK_VALUE = -1e9


@dataclass
class TaggerConfig:
    dim: int = 64
    kernel: int = 5
    dilations: tuple = (1, 2, 4, 8, 1, 2, 4, 8)
    context_after: int = 4  # mix the pooled post vector in after this many conv blocks
    attn_heads: int = 4
    attn_layers: int = 0  # self-attention is ~5x slower per byte on CPU than the whole conv stack
    gru_hidden: int = 0  # > 0: a bidirectional GRU (this many units per direction) after the conv stack
    dropout: float = 0.1
    max_length: int = 512

    def to_dict(self) -> dict:
        d = asdict(self)
        d["dilations"] = list(self.dilations)
        return d


class ConvBlock(nn.Module):
    def __init__(self, dim: int, kernel: int, dilation: int, dropout: float):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.conv = nn.Conv1d(dim, 2 * dim, kernel, padding=dilation * (kernel - 1) // 2, dilation=dilation)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, m):
        h = (self.norm(x) * m).transpose(1, 2)  # LayerNorm maps zero pads to its bias: re-zero them
        a, g = self.conv(h).transpose(1, 2).chunk(2, dim=-1)
        return (x + self.drop(a * torch.sigmoid(g))) * m


class AttnBlock(nn.Module):
    def __init__(self, dim: int, heads: int, dropout: float):
        super().__init__()
        self.h, self.d = heads, dim // heads
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, 2 * dim), nn.GELU(), nn.Linear(2 * dim, dim))
        self.drop = nn.Dropout(dropout)

    def forward(self, x, m, key_ok):
        b, t = x.size(0), x.size(1)
        q, k, v = self.qkv(self.norm1(x)).chunk(3, dim=-1)
        q = q.view(b, t, self.h, self.d).transpose(1, 2)
        k = k.view(b, t, self.h, self.d).transpose(1, 2)
        v = v.view(b, t, self.h, self.d).transpose(1, 2)
        s = torch.matmul(q, k.transpose(2, 3)) / (self.d ** 0.5)
        s = s.masked_fill(~key_ok, MASK_VALUE)
        y = torch.matmul(torch.softmax(s, dim=-1), v).transpose(1, 2).reshape(b, t, self.h * self.d)
        x = (x + self.drop(self.out(y))) * m
        return (x + self.drop(self.mlp(self.norm2(x)))) * m


def reverse_within_length(x, lengths):
    """Reverses each row's first `lengths[r]` positions and leaves its padding in place (an involution), so a
    forward GRU over the result reads a row's real tokens backwards before any pad: padding cannot leak in."""
    t = x.size(1)
    pos = torch.arange(t, device=x.device).unsqueeze(0)
    n = lengths.unsqueeze(1)
    idx = torch.where(pos < n, n - 1 - pos, pos)
    return torch.gather(x, 1, idx.unsqueeze(-1).expand(-1, -1, x.size(2)))


class BiGruBlock(nn.Module):
    """Per-byte recurrent context over the whole window in both directions, residual, masked. Padding is only ever
    at the end of a row, so the forward GRU never sees pads before real tokens, and the backward GRU runs forward
    over each row reversed within its length."""

    def __init__(self, dim: int, hidden: int, dropout: float):
        super().__init__()
        self.norm = nn.LayerNorm(dim)
        self.fwd = nn.GRU(dim, hidden, batch_first=True)
        self.bwd = nn.GRU(dim, hidden, batch_first=True)
        self.proj = nn.Linear(2 * hidden, dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, m, lengths):
        h = self.norm(x) * m
        f, _ = self.fwd(h)
        b, _ = self.bwd(reverse_within_length(h, lengths))
        y = torch.cat([f, reverse_within_length(b, lengths)], dim=-1)
        return (x + self.drop(self.proj(y))) * m


class ByteTagger(nn.Module):
    def __init__(self, cfg: TaggerConfig):
        super().__init__()
        self.cfg = cfg
        self.emb = nn.Embedding(260, cfg.dim)
        self.convs = nn.ModuleList(ConvBlock(cfg.dim, cfg.kernel, d, cfg.dropout) for d in cfg.dilations)
        self.context = nn.Linear(2 * cfg.dim, cfg.dim)
        self.gru = BiGruBlock(cfg.dim, cfg.gru_hidden, cfg.dropout) if cfg.gru_hidden > 0 else None
        self.attn = nn.ModuleList(AttnBlock(cfg.dim, cfg.attn_heads, cfg.dropout) for _ in range(cfg.attn_layers))
        self.norm = nn.LayerNorm(cfg.dim)
        self.head = nn.Linear(cfg.dim, len(LABELS))

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def forward(self, input_ids, attention_mask):
        m = attention_mask.unsqueeze(-1).to(torch.float32)
        x = self.emb(input_ids) * m
        for i, blk in enumerate(self.convs):
            if i == self.cfg.context_after:
                pooled = (x * m).sum(dim=1, keepdim=True) / m.sum(dim=1, keepdim=True).clamp(min=1.0)
                x = (x + self.context(torch.cat([x, pooled.expand_as(x)], dim=-1))) * m
            x = blk(x, m)
        if self.gru is not None:
            x = self.gru(x, m, attention_mask.sum(dim=1))
        key_ok = (attention_mask != 0).unsqueeze(1).unsqueeze(2)
        for blk in self.attn:
            x = blk(x, m, key_ok)
        return self.head(self.norm(x))


class TaggerEnsemble(nn.Module):
    """Several taggers (e.g. the same architecture trained from different seeds) exported as one: the output is the
    log of the members' mean softmax, so the classifier contract's softmax over `logits` gives the mean probability."""

    def __init__(self, members):
        super().__init__()
        self.members = nn.ModuleList(members)
        self.cfg = members[0].cfg

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def forward(self, input_ids, attention_mask):
        probs = torch.stack([torch.softmax(m(input_ids, attention_mask), dim=-1) for m in self.members]).mean(dim=0)
        return torch.log(probs.clamp(min=1e-12))


def encode(text: str, max_length: int) -> list[int]:
    """BOS + UTF-8 bytes (truncated to fit) + EOS, per the classifier contract."""
    return [BOS_ID] + list(text.encode("utf-8"))[: max_length - 2] + [EOS_ID]


def classifier_json(threshold: float, name: str, source: str, license_: str, max_length: int) -> dict:
    return {"format": "datagen-token-classifier/1", "onnx": "model.onnx", "tokenizer": {"type": "bytes"},
            "max_length": max_length, "labels": LABELS, "toxic_labels": ["TOXIC"], "threshold": threshold,
            "name": name, "source": source, "license": license_}
