"""End to end on CPU: a tiny randomly initialised bundled-architecture LM, synthetic rows written here, the real
train.py in a subprocess (SFT -> DPO -> ONNX export), then SIGTERM + resume."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import synthetic  # noqa: E402
from datagen_trainer.bundled_model import BundledModel, empty_past_feeds  # noqa: E402
from datagen_trainer.factory import export_lm  # noqa: E402
from datagen_trainer.onnx_eval import run_onnx  # noqa: E402

OVERRIDES = {"checkpoint_every": 4}
SFT_STEPS, DPO_STEPS = 36, 16


def make_config(root, model_dir):
    cfg = synthetic.config(root, model_dir, **OVERRIDES)
    cfg["sft"].update(epochs=10, max_steps=SFT_STEPS)
    cfg["dpo"].update(epochs=10, max_steps=DPO_STEPS)
    return synthetic.write_config(os.path.join(root, "config.json"), cfg)


def events_of(stdout: str) -> list:
    return [json.loads(line) for line in stdout.splitlines()]


class TrainingEndToEndTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="trainer-test-")
        cls.model_dir = synthetic.tiny_model(os.path.join(cls.tmp, "model"))
        synthetic.write_jsonl(os.path.join(cls.tmp, "sft.jsonl"), synthetic.sft_rows(48))
        synthetic.write_jsonl(os.path.join(cls.tmp, "dpo.jsonl"), synthetic.dpo_rows(32))
        cls.config = make_config(cls.tmp, cls.model_dir)
        p = subprocess.run([sys.executable, synthetic.TRAIN_PY, "--config", cls.config], capture_output=True,
                           text=True, timeout=300)
        cls.rc, cls.stderr, cls.events = p.returncode, p.stderr, events_of(p.stdout)
        cls.out = os.path.join(cls.tmp, "train")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def phase_done(self, phase):
        return next(e for e in self.events if e["event"] == "phase_done" and e["phase"] == phase)

    def test_run_succeeds_and_stdout_is_json_events_mirrored_in_metrics_jsonl(self):
        self.assertEqual(self.rc, 0, self.stderr)
        self.assertEqual(self.events[0]["event"], "start")
        self.assertEqual(self.events[-1]["event"], "done")
        self.assertEqual((self.events[0]["sft_rows"], self.events[0]["dpo_rows"]), (48, 32))
        with open(os.path.join(self.out, "metrics.jsonl"), encoding="utf-8") as f:
            self.assertEqual([json.loads(line) for line in f], self.events)

    def test_sft_loss_falls(self):
        done = self.phase_done("sft")
        self.assertEqual(done["steps"], SFT_STEPS)
        self.assertLess(done["loss_last"], done["loss_first"] - 0.5)

    def test_dpo_reward_accuracy_on_the_training_pairs_rises_above_half(self):
        done = self.phase_done("dpo")
        self.assertEqual(done["steps"], DPO_STEPS)
        self.assertGreater(done["train_pairs_reward_accuracy"], 0.5)
        self.assertGreater(done["train_pairs_reward_margin"], 0.0)
        steps = [e for e in self.events if e["event"] == "step" and e["phase"] == "dpo"]
        self.assertTrue(all(k in steps[-1] for k in ("reward_margin", "reward_accuracy", "chosen_reward",
                                                     "rejected_reward", "learning_rate", "elapsed_s")))

    def test_final_folder_is_a_bundled_model_folder_naming_its_base(self):
        final = os.path.join(self.out, "final")
        for name in ("model.onnx", "model.json", "parity.json", "MODEL_CARD.md", "train_metrics.json"):
            self.assertTrue(os.path.isfile(os.path.join(final, name)), name)
        with open(os.path.join(final, "model.json"), encoding="utf-8") as f:
            desc = json.load(f)
        self.assertEqual((desc["base"], desc["name"], desc["format"]),
                         ("tiny-test-lm", "tiny-test-lm-backtracking", "datagen-causal-lm/1"))
        with open(os.path.join(final, "train_metrics.json"), encoding="utf-8") as f:
            metrics = json.load(f)
        self.assertLess(metrics["onnx_parity"]["max_abs_diff"], 1e-4)
        self.assertEqual(metrics["rows"]["sft"]["kinds"], {"backtrack": 32, "clean": 16})

    def test_exported_onnx_matches_the_trained_torch_weights_on_a_new_input(self):
        state = torch.load(os.path.join(self.events[-1]["checkpoint"], "state.pt"), map_location="cpu")
        model = BundledModel(os.path.join(self.out, "final"), torch.device("cpu"))
        model.module.load_state_dict(state["model"])
        model.module.eval()
        ids, mask, pos = export_lm.left_pad([[257] + list(b"cats are [TOXIC]"), [257] + list(b"rivers")])
        with torch.no_grad():
            expected = model.module(ids, mask, pos)[0].numpy()
        feeds = {"input_ids": ids.numpy(), "attention_mask": mask.numpy(), "position_ids": pos.numpy()}
        cfg = model.module.cfg
        feeds.update(empty_past_feeds(2, cfg.num_layers, cfg.num_heads, cfg.head_dim))
        got, _ = run_onnx(os.path.join(self.out, "final", "model.onnx"), feeds)
        self.assertLess(float(np.abs(got["logits"] - expected).max()), 1e-4)

    def test_sigterm_writes_a_checkpoint_exits_130_and_resume_continues_to_the_same_result(self):
        root = tempfile.mkdtemp(prefix="trainer-resume-")
        try:
            for name in ("sft.jsonl", "dpo.jsonl"):
                shutil.copy(os.path.join(self.tmp, name), root)
            config = make_config(root, self.model_dir)
            p = subprocess.Popen([sys.executable, synthetic.TRAIN_PY, "--config", config], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
            first = []
            for line in p.stdout:
                first.append(json.loads(line))
                if first[-1]["event"] == "checkpoint":
                    p.send_signal(signal.SIGTERM)
                    break
            rest, _ = p.communicate(timeout=120)
            first += events_of(rest)
            self.assertEqual(p.returncode, 130)
            self.assertEqual(first[-1]["event"], "error")
            saved = [e for e in first if e["event"] == "checkpoint"][-1]
            self.assertEqual(saved["phase"], "sft")
            self.assertLess(saved["step"], SFT_STEPS)

            q = subprocess.run([sys.executable, synthetic.TRAIN_PY, "--config", config], capture_output=True,
                               text=True, timeout=300)
            self.assertEqual(q.returncode, 0, q.stderr)
            second = events_of(q.stdout)
            self.assertEqual(second[0]["resumed_from"], saved["path"])
            first_step = next(e for e in second if e["event"] == "step")
            self.assertGreater(first_step["step"], saved["step"])
            done = next(e for e in second if e["event"] == "phase_done" and e["phase"] == "sft")
            self.assertEqual(done["steps"], SFT_STEPS)
            # Same seed, same batches, restored optimizer and RNG: the resumed run ends where the uninterrupted one did.
            self.assertAlmostEqual(done["loss_last"], self.phase_done("sft")["loss_last"], places=4)
            dpo = next(e for e in second if e["event"] == "phase_done" and e["phase"] == "dpo")
            self.assertAlmostEqual(dpo["train_pairs_reward_accuracy"],
                                   self.phase_done("dpo")["train_pairs_reward_accuracy"], places=6)
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
