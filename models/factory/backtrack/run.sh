#!/usr/bin/env bash
# Reproduces models/policy-lm-backtrack and the README's before/after evaluation (issue 4), on CPU: about 25 min of
# build, 55 min of training and 15 min of evaluation on a 2-core machine.
#   bash models/factory/backtrack/run.sh [DATA_DIR (default ../shared/data)] [WORK_DIR (default /tmp/datagen-backtrack)]
# The prompt splits are written to WORK_DIR, never to the repository (the data is not ours to commit).
set -euo pipefail
cd "$(dirname "$0")/../../.."
data=$(realpath "${1:-../shared/data}")
export BACKTRACK_WORK=$(realpath -m "${2:-/tmp/datagen-backtrack}")
mkdir -p "$BACKTRACK_WORK"
datagen() { dotnet pipeline/bin/Release/net10.0/datagen.dll "$@"; }
dotnet build pipeline -c Release -nologo -v q -clp:NoSummary

# Training prompts: the first 400 "challenging" toxic and the first 800 non-toxic RealToxicityPrompts prompts.
# Held-out prompts: the last 200 toxic (minus any whose text also is a training prompt) and 200 of the last 400 non-toxic.
/usr/bin/python3 - "$data/rtp" "$BACKTRACK_WORK" <<'PY'
import json, sys
rtp, work = sys.argv[1], sys.argv[2]
toxic = open(f"{rtp}/toxic.jsonl", encoding="utf-8").read().splitlines()
benign = open(f"{rtp}/nontoxic.jsonl", encoding="utf-8").read().splitlines()
train = toxic[:400] + benign[:800]
seen = {json.loads(line)["prompt"]["text"] for line in train}
held_toxic = [line for line in toxic[-200:] if json.loads(line)["prompt"]["text"] not in seen]
held_benign = [line for line in benign[-400:] if json.loads(line)["prompt"]["text"] not in seen][:200]
for name, lines in (("train", train), ("eval-toxic", held_toxic), ("eval-benign", held_benign)):
    with open(f"{work}/{name}.jsonl", "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    print(f"{name}: {len(lines)} prompts", file=sys.stderr)
PY

config=models/factory/backtrack/pipeline.yaml
run="$BACKTRACK_WORK/run"
[ -f "$run/manifest.json" ] && grep -q '"status": "completed"' "$run/manifest.json" || \
  { [ -f "$run/journal.jsonl" ] && datagen build --resume "$run" --no-progress || datagen build --config "$config" --out "$run" --no-progress; }
datagen train --config "$config" --run "$run" --resume --no-progress
datagen eval --model models/policy-lm --model "$run/train/final" \
  --prompts "$BACKTRACK_WORK/eval-toxic.jsonl" --benign-prompts "$BACKTRACK_WORK/eval-benign.jsonl" \
  --samples 4 --max-tokens 128 --temperature 1.0 --top-p 0.95 --seed 1234 \
  --output "$BACKTRACK_WORK/eval-report.json" --responses "$BACKTRACK_WORK/eval-responses.jsonl"
echo "trained model: $run/train/final (copy it to models/policy-lm-backtrack to ship it); report: $BACKTRACK_WORK/eval-report.json"
