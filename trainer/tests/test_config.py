import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import synthetic  # noqa: E402
from datagen_trainer.config import parse_config  # noqa: E402
from datagen_trainer.errors import ConfigError  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = os.path.join(REPO, "models", "policy-lm")


class ConfigValidationTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        root = self.tmp.name
        synthetic.write_jsonl(os.path.join(root, "sft.jsonl"), synthetic.sft_rows(3))
        synthetic.write_jsonl(os.path.join(root, "dpo.jsonl"), synthetic.dpo_rows(3))
        self.cfg = synthetic.config(root, MODEL)
        self.source = os.path.join(root, "config.json")

    def tearDown(self):
        self.tmp.cleanup()

    def error(self, cfg) -> str:
        with self.assertRaises(ConfigError) as ctx:
            parse_config(cfg, self.source)
        self.assertEqual(ctx.exception.exit_code, 2)
        return str(ctx.exception)

    def test_the_contract_example_parses_with_its_values(self):
        cfg = parse_config(self.cfg, self.source)
        self.assertEqual((cfg.model.kind, cfg.sft.batch_size, cfg.dpo.beta, cfg.checkpoint_every), ("bundled", 8, 0.1, 10))

    def test_unknown_top_level_key_is_named(self):
        self.assertIn("unknown key 'epochs'", self.error({**self.cfg, "epochs": 3}))

    def test_unknown_nested_key_is_named_with_its_path(self):
        self.cfg["dpo"]["betta"] = 0.2
        self.assertIn("unknown key 'dpo.betta'", self.error(self.cfg))

    def test_wrong_type_names_the_key_and_the_value(self):
        self.cfg["sft"]["batch_size"] = "16"
        message = self.error(self.cfg)
        self.assertIn("'sft.batch_size' must be an integer", message)
        self.assertIn('"16"', message)

    def test_missing_data_file_is_named(self):
        self.cfg["sft"]["data"] = "/nonexistent/sft.jsonl"
        self.assertIn("'sft.data' names '/nonexistent/sft.jsonl', which does not exist", self.error(self.cfg))

    def test_bad_device_and_format_and_empty_plan_are_rejected(self):
        self.assertIn("'device'", self.error({**self.cfg, "device": "gpu"}))
        self.assertIn("'format'", self.error({**self.cfg, "format": "datagen-train/9"}))
        self.assertIn("nothing to train", self.error({**self.cfg, "sft": None, "dpo": None}))

    def test_lora_on_the_bundled_kind_is_rejected(self):
        self.cfg["model"]["lora"] = {"r": 8}
        self.assertIn("'model.lora'", self.error(self.cfg))

    def test_bad_config_exits_2_with_one_json_error_event_and_nothing_else_on_stdout(self):
        synthetic.write_config(self.source, {**self.cfg, "learning_rate": 1})
        p = subprocess.run([sys.executable, synthetic.TRAIN_PY, "--config", self.source], capture_output=True,
                           text=True, timeout=60)
        self.assertEqual(p.returncode, 2, p.stderr)
        lines = p.stdout.splitlines()
        self.assertEqual(len(lines), 1)
        event = json.loads(lines[0])
        self.assertEqual(event["event"], "error")
        self.assertIn("unknown key 'learning_rate'", event["message"])

    def test_bad_data_line_exits_2_naming_file_and_line(self):
        path = os.path.join(self.tmp.name, "sft.jsonl")
        with open(path, "a", encoding="utf-8") as f:
            f.write('{"prompt": [], "kind": "clean", "continuation": "x"}\n')
        synthetic.write_config(self.source, {**self.cfg, "dpo": None})
        p = subprocess.run([sys.executable, synthetic.TRAIN_PY, "--config", self.source], capture_output=True,
                           text=True, timeout=120)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn(f"{path}:4: 'prompt' must be a non-empty list", json.loads(p.stdout.splitlines()[-1])["message"])


if __name__ == "__main__":
    unittest.main()
