"""Makes the model factory's modules (models/factory) importable, so the trainer reuses them instead of copying."""
from __future__ import annotations

import os
import sys

FACTORY_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                           "models", "factory")
if FACTORY_DIR not in sys.path:
    sys.path.insert(0, FACTORY_DIR)

import atomic_json  # noqa: E402,F401
import export_lm  # noqa: E402,F401
import policy_lm  # noqa: E402,F401
