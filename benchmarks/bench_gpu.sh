#!/usr/bin/env bash
# GPU check in one command, from the repository root of a checkout on a machine with an NVIDIA GPU:
#     bash benchmarks/bench_gpu.sh [--data DIR] [--sentences N]
# 1. the tests that compare GPU and CPU translations of the fixture models (skipped without CUDA);
# 2. bench_gpu.py: the argos-base model (built and cached on first use) in float16 and int8_float16 with
#    token batches of 32-1024, sentences/s each; its last line is the headline.
# Uses .venv/bin/python when the checkout has one (see README: installation), else python3.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=python3
[ -x .venv/bin/python ] && PY=.venv/bin/python
if ! "$PY" -c 'import ctranslate2, sys; sys.exit(ctranslate2.get_cuda_device_count() == 0)'; then
    echo "bench_gpu.sh: CTranslate2 sees no CUDA device (nvidia-smi, CUDA 12 runtime and cuDNN needed)" >&2
    exit 2
fi
"$PY" -m pytest -q -rs tests/test_perf.py -k gpu
"$PY" benchmarks/bench_gpu.py "$@"
