#!/usr/bin/env bash
# The test command: installs test dependencies, runs the .NET test suite, the model-factory smoke run and the benchmark smoke run.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install-deps.sh
log=$(mktemp)
status=0
dotnet test DataGen.sln 2>&1 | tee "$log" || status=$?
# Microsoft.Testing.Platform prints "succeeded: N / failed: N / skipped: N" per run; sum them.
count() { awk -v k="$1" '$1 == k":" {s += $2} END {print s + 0}' "$log"; }
passed=$(count succeeded); failed=$(count failed); skipped=$(count skipped)
rm -f "$log"
# Smoke runs: the model factory (a few steps on fixture rows), every benchmark at tiny sizes, and the trainer's
# unittest suite (tiny SFT + DPO run on CPU, ONNX export, resume).
for smoke in "bash models/factory/smoke.sh" "bash bench.sh --smoke" "/usr/bin/python3 -m unittest discover -s trainer/tests"; do
  if $smoke; then passed=$((passed + 1)); else echo "FAILED: $smoke"; failed=$((failed + 1)); status=1; fi
done
echo "dotnet test + smoke runs: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
[ "$status" -eq 0 ] && [ "${failed:-0}" -eq 0 ] && [ "${passed:-0}" -gt 0 ]
