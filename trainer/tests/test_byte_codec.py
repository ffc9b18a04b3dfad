import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from datagen_trainer.byte_codec import ByteCodec, context_text, split_long_backtracks  # noqa: E402
from datagen_trainer.factory import policy_lm  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def descriptor():
    return policy_lm.model_json(policy_lm.LmConfig(), "t", "t", "CC0-1.0")


class ContextTextTests(unittest.TestCase):
    def test_user_contents_are_concatenated_and_system_and_earlier_assistant_turns_ignored(self):
        prompt = (("system", "SYS"), ("user", "a"), ("assistant", "IGNORED"), ("user", "b"))
        self.assertEqual(context_text(prompt), "ab")

    def test_final_assistant_message_is_continued(self):
        prompt = (("user", "Q: "), ("assistant", "the kept prefix"))
        self.assertEqual(context_text(prompt), "Q: the kept prefix")

    def test_context_ids_are_bos_then_utf8_bytes(self):
        codec = ByteCodec(descriptor())
        self.assertEqual(codec.context_ids((("user", "hé"),)), [257, ord("h"), 0xC3, 0xA9])

    def test_context_keeps_marker_names_as_bytes_like_the_csharp_encoder(self):
        codec = ByteCodec(descriptor())
        self.assertEqual(len(codec.context_ids((("user", "[RESET]"),))), 1 + len("[RESET]"))


class CompletionIdsTests(unittest.TestCase):
    def setUp(self):
        self.codec = ByteCodec(descriptor())

    def test_marker_names_become_their_single_ids(self):
        self.assertEqual(self.codec.text_ids("a[TOXIC][BACKTRACK_BY_18]b"), [ord("a"), 388, 277, ord("b")])
        self.assertEqual(self.codec.text_ids("[RESET]"), [259])

    def test_backtrack_above_the_largest_is_split_into_largest_then_remainder(self):
        self.assertEqual(self.codec.text_ids("[BACKTRACK_BY_300]"), [387, 387, 303])
        self.assertEqual(self.codec.text_ids("[BACKTRACK_BY_256]"), [387, 387])

    def test_unknown_bracketed_names_stay_plain_bytes(self):
        self.assertEqual(self.codec.text_ids("[FOO][BACKTRACK_BY_0]"), list(b"[FOO][BACKTRACK_BY_0]"))

    def test_split_text_form_used_for_hugging_face_tokenizers(self):
        self.assertEqual(split_long_backtracks("x[BACKTRACK_BY_129]", 128), "x[BACKTRACK_BY_128][BACKTRACK_BY_1]")

    def test_ids_match_the_bundled_model_json(self):
        import json
        with open(os.path.join(REPO, "models", "policy-lm", "model.json"), encoding="utf-8") as f:
            real = ByteCodec(json.load(f))
        self.assertEqual(real.largest, 128)
        self.assertEqual(real.text_ids("[INSULT][BACKTRACK_BY_1]"), [389, 260])
        self.assertEqual((real.bos_id, real.eos_id, real.pad_id), (257, 258, 256))


if __name__ == "__main__":
    unittest.main()
