import math
import os
import sys
import unittest

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from datagen_trainer.examples import IGNORE  # noqa: E402
from datagen_trainer.losses import dpo_loss, sequence_logprobs, sft_loss  # noqa: E402


class LossTests(unittest.TestCase):
    def test_sequence_logprobs_sum_only_labelled_next_tokens(self):
        logits = torch.log(torch.tensor([[[0.5, 0.5], [0.25, 0.75], [0.9, 0.1]]]))
        labels = torch.tensor([[IGNORE, 1, IGNORE]])
        self.assertAlmostEqual(float(sequence_logprobs(logits, labels)), math.log(0.5), places=5)
        labels = torch.tensor([[IGNORE, 1, 0]])
        self.assertAlmostEqual(float(sequence_logprobs(logits, labels)), math.log(0.5) + math.log(0.25), places=5)

    def test_sft_loss_is_the_mean_over_trained_tokens(self):
        logits = torch.log(torch.tensor([[[0.5, 0.5], [0.25, 0.75], [0.9, 0.1]]]))
        loss, n = sft_loss(logits, torch.tensor([[IGNORE, 1, 0]]))
        self.assertEqual(n, 2)
        self.assertAlmostEqual(float(loss), -(math.log(0.5) + math.log(0.25)) / 2, places=5)

    def test_dpo_loss_is_log2_when_policy_equals_reference(self):
        x = torch.tensor([-3.0, -5.0])
        loss, stats = dpo_loss(x, x, x, x, beta=0.1)
        self.assertAlmostEqual(float(loss), math.log(2), places=6)
        self.assertEqual(stats["reward_accuracy"], 0.0)

    def test_dpo_rewards_margin_and_accuracy(self):
        loss, stats = dpo_loss(torch.tensor([-1.0, -4.0]), torch.tensor([-6.0, -3.0]), torch.tensor([-2.0, -2.0]),
                               torch.tensor([-2.0, -2.0]), beta=0.1)
        # chosen rewards 0.1, -0.2; rejected -0.4, -0.1 -> margins 0.5, -0.1
        self.assertAlmostEqual(stats["chosen_reward"], -0.05, places=6)
        self.assertAlmostEqual(stats["rejected_reward"], -0.25, places=6)
        self.assertAlmostEqual(stats["reward_margin"], 0.2, places=6)
        self.assertEqual(stats["reward_accuracy"], 0.5)
        expected = (-math.log(1 / (1 + math.exp(-0.5))) - math.log(1 / (1 + math.exp(0.1)))) / 2
        self.assertAlmostEqual(float(loss), expected, places=5)


if __name__ == "__main__":
    unittest.main()
