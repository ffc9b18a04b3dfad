#!/usr/bin/env bash
# The benchmark command (issue 7): builds Release, runs every benchmark, prints the table and writes BENCHMARKS.md.
#   bash bench.sh           full run (several minutes), rewrites BENCHMARKS.md
#   bash bench.sh --smoke   each benchmark tiny (well under a minute after the build); checks every one produced figures,
#                           leaves BENCHMARKS.md alone
set -euo pipefail
cd "$(dirname "$0")"
mode=full
case "${1:-}" in
  --smoke) mode=smoke ;;
  "") ;;
  *) echo "usage: bash bench.sh [--smoke]" >&2; exit 2 ;;
esac
dotnet build bench/DataGen.Benchmarks/DataGen.Benchmarks.csproj -c Release -nologo -v q -clp:NoSummary
bench=(dotnet bench/DataGen.Benchmarks/bin/Release/net10.0/DataGen.Benchmarks.dll --repo .)
if [ "$mode" = smoke ]; then
  out=$(mktemp --suffix=.md)
  trap 'rm -f "$out"' EXIT
  "${bench[@]}" --smoke --out "$out" --command "bash bench.sh --smoke"
  grep -q '^| ' "$out" || { echo "bench.sh --smoke: no figures written" >&2; exit 1; }
  echo "bench.sh --smoke: every benchmark produced figures"
else
  "${bench[@]}" --out BENCHMARKS.md --command "bash bench.sh"
fi
