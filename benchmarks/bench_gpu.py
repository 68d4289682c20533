"""GPU throughput of the benchmark model of Argos's en->uk shape: compute types x token batch sizes.

    python benchmarks/bench_gpu.py [--data DIR] [--sentences N] [--device-index I]

Builds (or reuses, cached) the ``argos-base`` package of ``argos_base.py``, then translates the first
``--sentences`` FLORES-200 devtest English sentences, pre-tokenised and length-sorted, with CTranslate2
on CUDA for every compute type (float16, int8_float16) and ``max_batch_size`` of 32-1024 tokens
(``batch_type="tokens"``, beam 2, length penalty 0.2 — as bench_translate.py), and prints sentences/s and
decoded tokens/s for each. The model decodes ceil(1.2 x source pieces) per sentence on every device and
setting, which is checked. The last line is the headline (the best setting). Exits 2 without CUDA.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import argos_base  # noqa: E402
from _common import data_arg, require  # noqa: E402

COMPUTE_TYPES = ("float16", "int8_float16")
BATCH_TOKENS = (32, 64, 128, 256, 512, 1024)


def main() -> int:
    import ctranslate2
    import sentencepiece as spm
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    data_arg(parser)
    parser.add_argument("--sentences", type=int, default=1012)
    parser.add_argument("--device-index", type=int, default=0)
    args = parser.parse_args()
    if ctranslate2.get_cuda_device_count() == 0:
        print("no CUDA device visible to CTranslate2: nothing to measure", file=sys.stderr)
        return 2
    package = argos_base.build_package(args.data / "mt", argos_base.default_cache_dir(),
                                       log=lambda m: print(m, file=sys.stderr, flush=True))
    lines = require(args.data / "mt" / "flores200_devtest" / "eng_Latn.devtest").read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if line.strip()][:args.sentences]
    best = (0.0, "")
    with tempfile.TemporaryDirectory() as tmp:
        folder = argos_base.extract(package, Path(tmp))
        sp = spm.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
        tokens = sorted(sp.encode(lines, out_type=str), key=len)
        expected = [argos_base.expected_length(len(t)) for t in tokens]
        print(f"{package.name}: {len(tokens)} sentences, {sum(map(len, tokens))} source pieces; "
              f"GPU {args.device_index} of {ctranslate2.get_cuda_device_count()}")
        for compute_type in COMPUTE_TYPES:
            translator = ctranslate2.Translator(str(folder / "model"), device="cuda",
                                                device_index=args.device_index, compute_type=compute_type)
            translator.translate_batch(tokens[:8], beam_size=2)  # warm-up (CUDA context, kernels)
            for budget in BATCH_TOKENS:
                started = time.perf_counter()
                results = translator.translate_batch(tokens, beam_size=2, length_penalty=0.2, max_batch_size=budget,
                                                     batch_type="tokens", replace_unknowns=True)
                seconds = time.perf_counter() - started
                decoded = [len(r.hypotheses[0]) for r in results]
                wrong = sum(d != e for d, e in zip(decoded, expected))
                sps = len(tokens) / seconds
                print(f"  {compute_type:13s} max_batch_size {budget:5d} tokens: {sps:8.1f} sentences/s, "
                      f"{sum(decoded) / seconds:9.0f} tokens/s, length rule broken on {wrong} sentences", flush=True)
                best = max(best, (sps, f"{compute_type}, {budget} tokens"))
            del translator
    print(f"headline: GPU best {best[0]:.1f} sentences/s ({best[1]}) on the argos-base model, beam 2")
    return 0


if __name__ == "__main__":
    sys.exit(main())
