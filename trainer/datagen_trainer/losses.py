"""SFT and DPO losses over token logits; both model kinds share them."""
from __future__ import annotations

import torch
from torch.nn import functional as F

from .examples import IGNORE


def token_logprobs(logits: torch.Tensor, labels: torch.Tensor):
    """Log-probability of each labelled token given what precedes it; returns (logp [b, t-1], mask [b, t-1])."""
    targets = labels[:, 1:]
    mask = targets != IGNORE
    logp = torch.log_softmax(logits[:, :-1].float(), dim=-1)
    picked = logp.gather(-1, targets.clamp(min=0).unsqueeze(-1)).squeeze(-1)
    return picked * mask, mask


def sft_loss(logits: torch.Tensor, labels: torch.Tensor):
    """Mean negative log-likelihood over the trained tokens of the batch; returns (loss, trained token count)."""
    targets = labels[:, 1:].reshape(-1)
    loss = F.cross_entropy(logits[:, :-1].reshape(-1, logits.size(-1)).float(), targets, ignore_index=IGNORE,
                           reduction="sum")
    n = int((targets != IGNORE).sum())
    return loss / max(n, 1), n


def sequence_logprobs(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Summed log-probability of the completion tokens of each row."""
    picked, _ = token_logprobs(logits, labels)
    return picked.sum(-1)


def dpo_loss(policy_chosen, policy_rejected, ref_chosen, ref_rejected, beta: float):
    """Sigmoid DPO loss (Rafailov et al.); rewards are beta * (policy - reference) summed log-probabilities."""
    chosen_reward = beta * (policy_chosen - ref_chosen)
    rejected_reward = beta * (policy_rejected - ref_rejected)
    loss = -F.logsigmoid(chosen_reward - rejected_reward).mean()
    stats = {"reward_margin": float((chosen_reward - rejected_reward).mean()),
             "reward_accuracy": float((chosen_reward > rejected_reward).float().mean()),
             "chosen_reward": float(chosen_reward.mean()), "rejected_reward": float(rejected_reward.mean())}
    return loss, stats
