"""A stand-in for trainer/train.py that speaks the datagen-train/1 protocol (test double at the process boundary).

FAKE_TRAINER_MODE selects the script: ok (events, a non-JSON line, stderr noise, exit 0), fail (error event, exit 1),
bad-data (error event, exit 2), hang (start, then wait for SIGTERM: checkpoint event, exit 130),
ignore-term (start, then ignore SIGTERM until killed).
"""
import argparse
import json
import os
import signal
import sys
import time


def emit(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


def count_lines(path):
    if path is None:
        return 0
    with open(path, encoding="utf-8") as f:
        return sum(1 for line in f if line.strip())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    config_path = parser.parse_args().config
    with open(config_path, encoding="utf-8") as f:
        config = json.load(f)
    mode = os.environ.get("FAKE_TRAINER_MODE", "ok")
    sft, dpo = config.get("sft"), config.get("dpo")
    out = config["output_dir"]
    print("fake trainer: loading model", file=sys.stderr, flush=True)
    emit("start", model_kind=config["model"]["kind"], device="cpu", parameters=1234,
         sft_rows=count_lines(sft and sft["data"]), dpo_rows=count_lines(dpo and dpo["data"]),
         resumed_from=None)
    if mode == "fail":
        emit("error", message="loss became NaN at sft step 3; lower train.sft.learning_rate")
        return 1
    if mode == "bad-data":
        emit("error", message="sft.jsonl:1: key 'prompt' missing")
        return 2
    if mode in ("hang", "ignore-term"):
        def on_term(signum, frame):
            if mode == "ignore-term":
                print("fake trainer: ignoring SIGTERM", file=sys.stderr, flush=True)
                return
            emit("checkpoint", phase="sft", step=1, path=os.path.join(out, "checkpoints", "sft-000001"))
            sys.exit(130)
        signal.signal(signal.SIGTERM, on_term)
        emit("step", phase="sft", step=1, total_steps=100, epoch=0, loss=2.5, learning_rate=0.0003, elapsed_s=0.1)
        while True:
            time.sleep(0.05)
    print("this line is not JSON", flush=True)
    print("fake trainer: warming up", file=sys.stderr, flush=True)
    emit("step", phase="sft", step=1, total_steps=2, epoch=0, loss=2.5, learning_rate=0.0003, elapsed_s=0.1)
    emit("step", phase="sft", step=2, total_steps=2, epoch=0, loss=2.0, learning_rate=0.0003, elapsed_s=0.2)
    emit("checkpoint", phase="sft", step=2, path=os.path.join(out, "checkpoints", "sft-000002"))
    emit("phase_done", phase="sft", steps=2, loss_first=2.5, loss_last=2.0)
    emit("future_event", detail="ignored by older datagen")
    emit("step", phase="dpo", step=1, total_steps=2, epoch=0, loss=0.69, reward_margin=0.01, reward_accuracy=0.5,
         chosen_reward=0.0, rejected_reward=-0.01, learning_rate=5e-05, elapsed_s=0.3)
    emit("step", phase="dpo", step=2, total_steps=2, epoch=0, loss=0.6, reward_margin=0.2, reward_accuracy=0.75,
         chosen_reward=0.1, rejected_reward=-0.1, learning_rate=5e-05, elapsed_s=0.4)
    emit("phase_done", phase="dpo", steps=2, loss_first=0.69, loss_last=0.6)
    final = os.path.join(out, "final")
    os.makedirs(final, exist_ok=True)
    emit("done", checkpoint=os.path.join(out, "checkpoints", "dpo-000002"), model_dir=final,
         metrics={"sft_loss_last": 2.0, "dpo_reward_accuracy": 0.75})
    return 0


if __name__ == "__main__":
    sys.exit(main())
