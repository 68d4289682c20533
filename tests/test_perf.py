"""The throughput machinery: the benchmark model's length rule, token batching, threads, and GPU = CPU.

No timing is asserted here (the machine is shared); the benchmarks in benchmarks/ measure speed.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from l10n.engines import argos
from l10n.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import argos_base  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "en-uk.tsv"


def corpus_lines() -> list[str]:
    return [col for line in CORPUS.read_text(encoding="utf-8").splitlines() if "\t" in line and line[0] != "#"
            for col in line.split("\t")[:2]]


@pytest.fixture(scope="module")
def small_benchmark_package(tmp_path_factory) -> Path:
    """The benchmark model's construction with 1+1 layers and a small vocabulary (fast to build)."""
    import sentencepiece as spm
    sp_bytes = argos_base.train_sentencepiece(corpus_lines(), vocab_size=800)
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    folder = tmp_path_factory.mktemp("bench-model") / argos_base.NAME
    argos_base.write_package(folder, argos_base.build_spec(pieces, layers=1), sp_bytes)
    return folder


def test_benchmark_model_length_rule_holds_for_every_decoding_setting(small_benchmark_package):
    """ceil(1.2 x source pieces) whatever the beam, length penalty, batch composition or order."""
    import ctranslate2
    import sentencepiece as spm
    sp = spm.SentencePieceProcessor(model_file=str(small_benchmark_package / "sentencepiece.model"))
    texts = corpus_lines()[:40] + ["A", "Kyiv.", " ".join(corpus_lines()[:6])]
    tokens = [sp.encode(t, out_type=str) for t in texts]
    expected = [argos_base.expected_length(len(t)) for t in tokens]
    translator = ctranslate2.Translator(str(small_benchmark_package / "model"), compute_type="int8",
                                        intra_threads=1)
    for beam, penalty, size, kind in ((1, 1.0, 1, "examples"), (2, 1.0, 512, "tokens"), (4, 0.2, 64, "tokens")):
        res = translator.translate_batch(tokens[::-1], beam_size=beam, length_penalty=penalty,
                                         max_batch_size=size, batch_type=kind, replace_unknowns=True)
        assert [len(r.hypotheses[0]) for r in res][::-1] == expected, (beam, penalty, size, kind)


def test_benchmark_package_loads_in_argostranslate_and_l10n(small_benchmark_package, tmp_path):
    from l10n.engines.install import install_file
    archive = tmp_path / "bench.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(small_benchmark_package.rglob("*")):
            zf.write(path, f"{small_benchmark_package.name}/{path.relative_to(small_benchmark_package)}")
    settings = Settings(home=tmp_path / "home", beam_size=2)
    installed = install_file(settings, archive)
    assert installed.pair == ("en", "uk")
    engine = argos.ArgosEngine(settings)
    out = engine.translate_direct(["Kyiv.", "", "The talks resumed."], "en", "uk")
    assert out[1] == "" and all(out[i] for i in (0, 2))
    # the stats count what was decoded: ceil(1.2 x source pieces) per sentence
    model = engine.load("en", "uk")
    src = [len(model.encode(s)) for s in ("Kyiv.", "The talks resumed.")]
    assert engine.stats.source_tokens == sum(src)
    assert engine.stats.target_tokens == sum(argos_base.expected_length(n) for n in src)


def test_thread_counts_use_every_core_and_cap_intra_threads():
    for cores in range(1, 33):
        inter, intra = argos.thread_counts(cores=cores)
        assert inter >= 1 and 1 <= intra <= max(4, cores // inter) and inter * intra <= cores
        assert inter * intra > cores - inter  # no more than a replica's worth of cores idle
    assert argos.thread_counts(2, cores=64) == (1, 2)  # an explicit --threads wins


def test_decoding_options_batch_by_tokens():
    options = argos.decoding_options(Settings(home=Path("/nonexistent"), beam_size=4, length_penalty=0.2))
    assert options["batch_type"] == "tokens" and options["max_batch_size"] >= 512
    assert options["beam_size"] == 4 and options["length_penalty"] == 0.2


def test_token_batching_gives_the_same_translations_as_one_sentence_at_a_time(installed_home):
    """Sorting and token batches must not change any output (order restored, padding masked)."""
    rows = [line.split("\t")[0] for line in CORPUS.read_text(encoding="utf-8").splitlines() if "\t" in line]
    batched = argos.ArgosEngine(Settings(home=installed_home, max_batch_tokens=64))
    single = argos.ArgosEngine(Settings(home=installed_home, max_batch_tokens=1))
    assert batched.translate_direct(rows, "en", "uk") == [single.translate_direct([r], "en", "uk")[0] for r in rows]


def _cuda_devices() -> int:
    import ctranslate2
    try:
        return ctranslate2.get_cuda_device_count()
    except Exception:  # a CPU-only build
        return 0


@pytest.mark.skipif(_cuda_devices() == 0, reason="no CUDA device")
@pytest.mark.parametrize("pair", ["en-uk", "en-ru", "en-tr", "uk-en"])
def test_gpu_translations_equal_cpu_translations(installed_home, pair):
    """``--device cuda`` (float32 on the GPU, as the fixtures' margins are checked in float32 and int8)
    translates the fixture corpus exactly as the CPU does."""
    src, tgt = pair.split("-")
    path = ROOT / "tests" / "fixtures" / "corpus" / f"{pair}.tsv"
    rows = [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()
            if "\t" in line and not line.startswith("#")]
    cpu = argos.ArgosEngine(Settings(home=installed_home, device="cpu", compute_type="float32"))
    gpu = argos.ArgosEngine(Settings(home=installed_home, device="cuda", compute_type="float32"))
    assert gpu.translate_direct(rows, src, tgt) == cpu.translate_direct(rows, src, tgt)


def test_translate_cli_jobs_keep_outputs_and_their_order(installed_home, tmp_path, cli):
    """``l10n translate --jobs N`` over several articles writes exactly what one-at-a-time does."""
    rows = [line.split("\t")[0] for line in CORPUS.read_text(encoding="utf-8").splitlines() if "\t" in line]
    inputs = []
    for n in range(6):
        path = tmp_path / f"article-{n}.txt"
        path.write_text(" ".join(rows[n * 4:n * 4 + 4]) + "\n\n" + rows[30 + n] + "\n", encoding="utf-8")
        inputs.append(str(path))
    outputs = {}
    for jobs in ("1", "4"):
        out = tmp_path / f"out-{jobs}"
        code, _, err = cli("translate", *inputs, "--from", "en", "--to", "uk", "--out", str(out), "--no-memory",
                           "--home", str(installed_home), "--jobs", jobs)
        assert code == 0, err
        assert err.index("article-0.txt") < err.index("article-5.txt")  # summaries in input order
        outputs[jobs] = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert len(outputs["1"]) == 6 and outputs["4"] == outputs["1"]
    code, _, err = cli("translate", *inputs, "--to", "uk", "--home", str(installed_home), "--jobs", "0")
    assert code != 0 and "--jobs" in err and "Traceback" not in err
