"""Retrain both bundled models: the toxic span tagger (models/tagger) and the policy LM (models/policy-lm).

  /usr/bin/python3 models/factory/make_models.py --data ../shared/data --out models
  bash models/factory/smoke.sh   (--smoke on the tiny self-written fixtures, laid out as a data folder)

Fixed seeds; the trainings are time-boxed (--tagger-minutes, --lm-minutes). Writes ONNX files, descriptors
(classifier.json / model.json), parity.json, metrics.json and MODEL_CARD.md into each model folder."""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ensemble_tagger  # noqa: E402
import model_cards  # noqa: E402
import train_lm  # noqa: E402
import train_tagger  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/data", help="folder holding toxic_spans/tsd_train.csv and tsd_trial.csv")
    ap.add_argument("--out", default="models", help="writes <out>/tagger and <out>/policy-lm")
    ap.add_argument("--work", default=None, help="checkpoints (default <out>/factory/work or a smoke temp folder)")
    ap.add_argument("--only", choices=["tagger", "lm", "cards"], help="one step only ('cards' re-renders cards)")
    ap.add_argument("--smoke", action="store_true", help="a few steps on a few rows, to check the scripts run")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tagger-minutes", type=float, default=22.0)
    ap.add_argument("--tagger-arch", default=train_tagger.DEFAULT_ARCH, choices=sorted(train_tagger.ARCHS),
                    help="tagger architecture (see train_tagger.py --arch)")
    ap.add_argument("--tagger-seeds", default="13,29,47",
                    help="one tagger is trained per seed (each --tagger-minutes) and the bundled tagger is their mean "
                         "probability (ensemble_tagger.py); a single seed ships that one tagger")
    ap.add_argument("--lm-minutes", type=float, default=17.0)
    a = ap.parse_args()
    if not os.path.isdir(a.data):
        raise SystemExit(f"--data {a.data}: folder not found; pass the data folder (e.g. ../shared/data; "
                         "models/factory/smoke.sh builds a fixture folder for --smoke)")
    work = a.work or os.path.join(a.out, "work" if a.smoke else os.path.join("factory", "work"))
    tagger_dir, lm_dir = os.path.join(a.out, "tagger"), os.path.join(a.out, "policy-lm")
    if a.only in (None, "tagger"):
        seeds = [int(x) for x in a.tagger_seeds.split(",") if x.strip()]
        if not seeds:
            raise SystemExit("--tagger-seeds: give at least one seed, e.g. 13,29,47")
        if len(seeds) == 1:
            train_tagger.run(a.data, tagger_dir, work, a.smoke, a.tagger_minutes, seed=seeds[0], threads=a.threads,
                             arch=a.tagger_arch)
        else:
            members = []
            for seed in seeds:
                member_work = os.path.join(work, f"tagger-seed{seed}")
                train_tagger.run(a.data, member_work, member_work, a.smoke, a.tagger_minutes, seed=seed,
                                 threads=a.threads, arch=a.tagger_arch)
                members.append(os.path.join(member_work, "tagger.pt"))
            ensemble_tagger.run(a.data, tagger_dir, members, a.smoke, a.threads,
                                command="/usr/bin/python3 " + " ".join(sys.argv))
    if a.only in (None, "lm"):
        train_lm.run(a.data, lm_dir, work, a.smoke, a.lm_minutes, threads=a.threads)
    if a.only in (None, "tagger", "cards") and os.path.isfile(os.path.join(tagger_dir, "metrics.json")):
        model_cards.tagger_card(tagger_dir)
    if a.only in (None, "lm", "cards") and os.path.isfile(os.path.join(lm_dir, "metrics.json")):
        model_cards.lm_card(lm_dir)


if __name__ == "__main__":
    main()
