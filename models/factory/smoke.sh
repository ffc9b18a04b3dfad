#!/usr/bin/env bash
# Runs the model factory end to end on the bundled fixtures (no ../shared needed) and checks its outputs exist.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
py="${PYTHON:-/usr/bin/python3}"
out="$(mktemp -d "${TMPDIR:-/tmp}/datagen-factory-smoke.XXXXXX")"
data="$(mktemp -d "${TMPDIR:-/tmp}/datagen-factory-data.XXXXXX")"
trap 'rm -rf "$out" "$data"' EXIT
# The fixtures are self-written; they get the data folder's layout only here, so no committed file looks like ../shared.
mkdir -p "$data/toxic_spans"
cp "$here/fixtures/spans-train.csv" "$data/toxic_spans/tsd_train.csv"
cp "$here/fixtures/spans-trial.csv" "$data/toxic_spans/tsd_trial.csv"
mkdir -p "$data/rtp"
cp "$here/fixtures/rtp-rows.jsonl" "$data/rtp/nontoxic.jsonl"
"$py" "$here/make_models.py" --smoke --threads 1 --data "$data" --out "$out"
# The other tagger architecture, warm-started from one ensemble member just made (exercises --arch and --init-from).
"$py" "$here/train_tagger.py" --smoke --threads 1 --data "$data" --out "$out/tagger-alt" --work "$out/work-alt" \
  --arch "$("$py" -c 'import sys; sys.path.insert(0, sys.argv[1]); import train_tagger as t; print(next(a for a in sorted(t.ARCHS) if a != t.DEFAULT_ARCH))' "$here")" \
  --init-from "$out/work/tagger-seed13/model.onnx"
for f in tagger-alt/model.onnx tagger-alt/classifier.json tagger/model.onnx tagger/classifier.json tagger/parity.json tagger/metrics.json tagger/MODEL_CARD.md \
         policy-lm/model.onnx policy-lm/model.json policy-lm/parity.json policy-lm/metrics.json policy-lm/MODEL_CARD.md; do
  [[ -s "$out/$f" ]] || { echo "smoke: missing or empty $f" >&2; exit 1; }
done
"$py" - "$out" <<'PY'
import json, sys, onnx
out = sys.argv[1]
for folder, names in (("tagger", ["logits"]), ("policy-lm", ["logits", "present.0.key"])):
    m = onnx.load(f"{out}/{folder}/model.onnx")
    onnx.checker.check_model(m)
    got = [o.name for o in m.graph.output]
    assert all(n in got for n in names), f"{folder}: outputs {got}"
m = json.load(open(f"{out}/tagger/metrics.json"))
assert len(m["members"]) == 3 and m["clean_texts"]["count"] == 5, m.get("clean_texts")
assert m["clean_texts"]["cap_met"] == (m["model"]["clean_flag_rate"] <= m["clean_texts"]["max_flag_rate"] + 1e-9), m
assert "ensemble" in open(f"{out}/tagger/MODEL_CARD.md").read()
desc = json.load(open(f"{out}/policy-lm/model.json"))
assert desc["vocab_size"] == 400 and desc["special_tokens"]["[RESET]"] == 259, desc
PY
echo "smoke: OK ($out)"
