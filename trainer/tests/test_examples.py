import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from datagen_trainer.byte_codec import ByteCodec  # noqa: E402
from datagen_trainer.data import DpoRow, SftRow  # noqa: E402
from datagen_trainer.examples import IGNORE, dpo_example, sft_example  # noqa: E402
from datagen_trainer.factory import policy_lm  # noqa: E402

CODEC = ByteCodec(policy_lm.model_json(policy_lm.LmConfig(), "t", "t", "CC0-1.0"))
ROW = SftRow(prompt=(("user", "Hi "),), kind="backtrack", prefix="ok ", violation="BAD", marker="[TOXIC][BACKTRACK_BY_3]",
             continuation="fine", prompt_id="p", sample_index=0)


def trained(example):
    return [t for t, label in zip(example.ids, example.labels) if label != IGNORE]


class SftExampleTests(unittest.TestCase):
    def test_sequence_is_context_prefix_violation_marker_continuation_eos(self):
        e = sft_example(CODEC, ROW, prefix_loss=False, max_length=512)
        expected = [257] + list(b"Hi ") + list(b"ok ") + list(b"BAD") + [388, 262] + list(b"fine") + [258]
        self.assertEqual(e.ids, expected)

    def test_loss_only_on_marker_continuation_and_eos_never_on_violation(self):
        e = sft_example(CODEC, ROW, prefix_loss=False, max_length=512)
        self.assertEqual(trained(e), [388, 262] + list(b"fine") + [258])
        violation_at = 1 + 3 + 3
        self.assertTrue(all(label == IGNORE for label in e.labels[violation_at:violation_at + 3]))

    def test_prefix_loss_adds_the_prefix_but_still_not_the_violation(self):
        e = sft_example(CODEC, ROW, prefix_loss=True, max_length=512)
        self.assertEqual(trained(e), list(b"ok ") + [388, 262] + list(b"fine") + [258])

    def test_clean_row_trains_the_whole_response(self):
        clean = SftRow((("user", "Q"),), "clean", "", "", "", "all of it", "p", 0)
        self.assertEqual(trained(sft_example(CODEC, clean, False, 512)), list(b"all of it") + [258])

    def test_truncation_cuts_the_context_from_the_left_and_keeps_bos(self):
        e = sft_example(CODEC, ROW, prefix_loss=False, max_length=16)
        self.assertTrue(e.truncated)
        self.assertEqual(len(e.ids), 16)
        self.assertEqual(e.ids[0], 257)
        self.assertEqual(trained(e), [388, 262] + list(b"fine") + [258])


class DpoExampleTests(unittest.TestCase):
    def test_chosen_and_rejected_share_the_context_and_only_completions_are_scored(self):
        row = DpoRow((("user", "Q "), ("assistant", "so far")), "[RESET]fine", " worse", "recover", "p", 0)
        pair = dpo_example(CODEC, row, 512)
        context = [257] + list(b"Q so far")
        self.assertEqual(pair.chosen.ids[:len(context)], context)
        self.assertEqual(pair.rejected.ids[:len(context)], context)
        self.assertEqual(trained(pair.chosen), [259] + list(b"fine") + [258])
        self.assertEqual(trained(pair.rejected), list(b" worse") + [258])


if __name__ == "__main__":
    unittest.main()
