#!/usr/bin/env bash
# Installs what the tests and the model factory need beyond the .NET SDK: Debian's PyTorch (CPU), ONNX,
# the pthread OpenBLAS (with Debian's generic BLAS PyTorch runs ~15x slower), and chromium (headless browser test of
# `datagen report`). Idempotent; needs root or sudo.
set -euo pipefail
pkgs=(python3-torch python3-onnx python3-numpy libopenblas0-pthread chromium)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all present (${pkgs[*]})"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root to apt-get install ${missing[*]}; run as root or install them yourself" >&2; exit 1; }
  SUDO=sudo
fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
