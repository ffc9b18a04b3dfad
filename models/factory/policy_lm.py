"""Byte-level decoder-only transformer honouring the datagen-causal-lm/1 contract.

Pre-LN blocks, learned absolute positions (indexed by the caller's position_ids), tied input/output
embeddings, an explicit KV cache. Query i of the current chunk sits at cache index past_seq + i and may
attend key j iff j <= past_seq + i and attention_mask[j] == 1, so left padding and cached decoding agree.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import torch
from torch import nn
from torch.nn import functional as F

PAD_ID, BOS_ID, EOS_ID, RESET_ID = 256, 257, 258, 259
BACKTRACK_FIRST_ID, BACKTRACK_COUNT = 260, 128
CATEGORY_MARKERS = ["[TOXIC]", "[INSULT]", "[THREAT]", "[PROFANITY]", "[IDENTITY_ATTACK]", "[SEXUAL]"]
CATEGORY_FIRST_ID = 388
VOCAB_SIZE = 400
# Large finite negative instead of -inf: a fully masked (left pad) query row then softmaxes to uniform, never NaN.
MASK_VALUE = -1e9


def special_tokens() -> dict:
    tokens = {"[PAD]": PAD_ID, "[BOS]": BOS_ID, "[EOS]": EOS_ID, "[RESET]": RESET_ID}
    for x in range(1, BACKTRACK_COUNT + 1):
        tokens[f"[BACKTRACK_BY_{x}]"] = BACKTRACK_FIRST_ID + x - 1
    for i, name in enumerate(CATEGORY_MARKERS):
        tokens[name] = CATEGORY_FIRST_ID + i
    return tokens


def encode_text(text: str) -> list[int]:
    """[BOS] + UTF-8 bytes, per the contract."""
    return [BOS_ID] + list(text.encode("utf-8"))


@dataclass
class LmConfig:
    vocab_size: int = VOCAB_SIZE
    num_layers: int = 4
    num_heads: int = 4
    head_dim: int = 64
    max_positions: int = 512
    mlp_ratio: int = 4
    dropout: float = 0.0

    @property
    def d_model(self) -> int:
        return self.num_heads * self.head_dim

    def to_dict(self) -> dict:
        return asdict(self)


class CausalSelfAttention(nn.Module):
    def __init__(self, cfg: LmConfig):
        super().__init__()
        self.h, self.d = cfg.num_heads, cfg.head_dim
        self.qkv = nn.Linear(cfg.d_model, 3 * cfg.d_model)
        self.out = nn.Linear(cfg.d_model, cfg.d_model)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x, allowed, past_k=None, past_v=None):
        b, t = x.size(0), x.size(1)
        q, k, v = self.qkv(x).split(self.h * self.d, dim=2)
        q = q.view(b, t, self.h, self.d).transpose(1, 2)
        k = k.view(b, t, self.h, self.d).transpose(1, 2)
        v = v.view(b, t, self.h, self.d).transpose(1, 2)
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        scores = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(self.d)
        scores = scores.masked_fill(~allowed, MASK_VALUE)
        probs = self.drop(torch.softmax(scores, dim=-1))
        y = torch.matmul(probs, v).transpose(1, 2).reshape(b, t, self.h * self.d)
        return self.out(y), k, v


class Block(nn.Module):
    def __init__(self, cfg: LmConfig):
        super().__init__()
        self.ln1 = nn.LayerNorm(cfg.d_model)
        self.attn = CausalSelfAttention(cfg)
        self.ln2 = nn.LayerNorm(cfg.d_model)
        self.mlp = nn.Sequential(
            nn.Linear(cfg.d_model, cfg.mlp_ratio * cfg.d_model),
            nn.GELU(),
            nn.Linear(cfg.mlp_ratio * cfg.d_model, cfg.d_model),
            nn.Dropout(cfg.dropout),
        )

    def forward(self, x, allowed, past_k=None, past_v=None):
        a, k, v = self.attn(self.ln1(x), allowed, past_k, past_v)
        x = x + a
        x = x + self.mlp(self.ln2(x))
        return x, k, v


class PolicyLm(nn.Module):
    def __init__(self, cfg: LmConfig):
        super().__init__()
        self.cfg = cfg
        self.tok = nn.Embedding(cfg.vocab_size, cfg.d_model)
        self.pos = nn.Embedding(cfg.max_positions, cfg.d_model)
        self.drop = nn.Dropout(cfg.dropout)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.num_layers))
        self.ln_f = nn.LayerNorm(cfg.d_model)
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def forward(self, input_ids, attention_mask=None, position_ids=None, past=None):
        """input_ids [b, t]; attention_mask [b, past+t] (1 real, 0 pad); position_ids [b, t];
        past: list of (key, value) [b, h, past, d] or None. Returns logits [b, t, V] and presents."""
        b, t = input_ids.size(0), input_ids.size(1)
        if attention_mask is None:
            past_len = 0 if past is None else past[0][0].size(2)
            attention_mask = torch.ones(b, past_len + t, dtype=torch.long, device=input_ids.device)
        if position_ids is None:
            position_ids = (attention_mask.cumsum(-1) - 1).clamp(min=0)[:, -t:]
        total = attention_mask.size(1)
        key_idx = torch.arange(total, device=input_ids.device)
        query_idx = torch.arange(t, device=input_ids.device) + (total - t)
        causal = key_idx.unsqueeze(0) <= query_idx.unsqueeze(1)  # [t, total]
        allowed = causal.unsqueeze(0).unsqueeze(0) & (attention_mask != 0).unsqueeze(1).unsqueeze(2)  # [b,1,t,total]
        x = self.drop(self.tok(input_ids) + self.pos(position_ids))
        presents = []
        for i, block in enumerate(self.blocks):
            pk, pv = (past[i] if past is not None else (None, None))
            x, k, v = block(x, allowed, pk, pv)
            presents.append((k, v))
        logits = F.linear(self.ln_f(x), self.tok.weight)
        return logits, presents


def model_json(cfg: LmConfig, name: str, source: str, license_: str, onnx_file: str = "model.onnx") -> dict:
    return {
        "format": "datagen-causal-lm/1",
        "onnx": onnx_file,
        "tokenizer": {"type": "bytes"},
        "vocab_size": cfg.vocab_size,
        "num_layers": cfg.num_layers,
        "num_heads": cfg.num_heads,
        "head_dim": cfg.head_dim,
        "max_positions": cfg.max_positions,
        "pad_id": PAD_ID,
        "bos_id": BOS_ID,
        "eos_id": EOS_ID,
        "special_tokens": {k: v for k, v in special_tokens().items() if k not in ("[PAD]", "[BOS]", "[EOS]")},
        "name": name,
        "source": source,
        "license": license_,
    }
