"""Entry point of the bundled trainer: `/usr/bin/python3 trainer/train.py --config CONFIG.json` (see docs/trainer.md)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from datagen_trainer.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
