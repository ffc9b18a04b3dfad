"""Command line: parse, run, map failures to the contract's exit codes (0, 1, 2, 3, 130)."""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import traceback

from .config import load_config
from .errors import MissingDependency, TrainerError
from .events import EventLog, log


class CancelFlag(threading.Event):
    signal_name = "a signal"

    def install(self):
        def handler(signum, _frame):
            self.signal_name = signal.Signals(signum).name
            log(f"{self.signal_name} received: stopping after this step and writing a checkpoint")
            self.set()
        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)
        return self


def _json_only_stdout():
    """Events get a private copy of fd 1; everything else (print, C++ warnings) is sent to stderr."""
    sys.stdout.flush()
    events_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return os.fdopen(events_fd, "w", encoding="utf-8", buffering=1)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="train.py", description="SFT + DPO trainer for DataGen backtracking data")
    ap.add_argument("--config", required=True, help="CONFIG.json (format datagen-train/1)")
    args = ap.parse_args(argv)
    events = EventLog(stream=_json_only_stdout())
    cancel = CancelFlag().install()
    try:
        cfg = load_config(args.config)
        try:
            import torch  # noqa: F401
        except ImportError:
            raise MissingDependency("PyTorch is not installed: sudo apt install python3-torch (Debian) "
                                    "or pip install torch")
        from .run import TrainingRun
        TrainingRun(cfg, events, cancel).execute()
        return 0
    except TrainerError as e:
        events.emit("error", message=str(e), exit_code=e.exit_code)
        log(str(e))
        return e.exit_code
    except Exception as e:  # noqa: BLE001 - any other failure is "training failed" with its traceback on stderr
        traceback.print_exc(file=sys.stderr)
        message = f"{type(e).__name__}: {e}".replace("\n", " ")
        events.emit("error", message=message, exit_code=1)
        return 1
