"""The Argos Translate engine: installed ``.argosmodel`` packages run with CTranslate2.

Why not ``argostranslate.translate.translate()``: it translates one paragraph at a time, runs
its own sentence splitter (which downloads a model at first use and fails offline) and keeps a
global cache without locks. Here each package is loaded once (``argostranslate.package.Package``
for metadata and tokenizer, ``ctranslate2.Translator`` for the model), and all sentences of an
article for one language pair go through a single batched ``translate_batch`` call; the sentences
come from our own segmenter.

Throughput (measured by ``benchmarks/bench_translate.py --model argos-base`` against raw CTranslate2):
CTranslate2 sorts each call's sentences by length and batches them by *tokens*
(``Settings.max_batch_tokens``), inter/intra threads come from the usable cores (``thread_counts``),
each package keeps one SentencePiece processor that encodes a whole call at once, and results are
detokenised while later batches still run (``asynchronous=True``).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from l10n.engines import limits
from l10n.engines.base import missing_model_error
from l10n.engines.packages import installed_packages
from l10n.errors import InputError, ModelError
from l10n.settings import Settings


def _import_argos_package():
    """Import ``argostranslate.package`` without letting it pick folders of its own choosing.

    Importing argostranslate creates its data/config/cache folders and reads its settings at import
    time; we point its package folder at a scratch location so it never scans or writes the user's
    Argos packages, and never touch its package index or sentence splitter.
    """
    os.environ.setdefault("ARGOS_PACKAGES_DIR", os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.join(os.path.expanduser("~"), ".cache")),
        "l10n", "argos-packages-unused"))
    import argostranslate.package as argos_package
    return argos_package


def load_argos_package(folder: Path) -> Any:
    """Load an installed package folder with argostranslate's own ``Package`` class."""
    argos_package = _import_argos_package()
    try:
        pkg = argos_package.Package(Path(folder))
    except Exception as exc:  # argostranslate raises bare exceptions
        raise ModelError(f"argostranslate cannot load the package ({exc})", where=str(folder)) from None
    if getattr(pkg, "tokenizer", None) is None:
        raise ModelError("package has no usable tokenizer", where=str(folder))
    return pkg


@dataclass
class _Loaded:
    pkg: Any
    translator: Any
    encode: Any
    decode: Any
    target_prefix: str
    encode_batch: Any = None   # list[str] -> list[list[str]] in one call (SentencePiece's C++ loop)
    max_positions: int | None = None   # the model's position-table size (None: no fixed limit)

    def output_tokens(self, hypothesis: Sequence[str]) -> list[str]:
        """A hypothesis' tokens without the target-language prefix token it was started with."""
        hyp = list(hypothesis)
        return hyp[1:] if self.target_prefix and hyp and hyp[0] == self.target_prefix else hyp

    def pieces(self, sentence: str) -> list[str]:
        """``sentence`` as-is, or cut at clause boundaries into pieces the model's positions can hold."""
        if self.max_positions is None:
            return [sentence]
        limit = self.max_positions - limits.RESERVE
        return limits.split_to_fit(sentence, lambda text: len(self.encode(text)), limit)


@dataclass
class EngineStats:
    """Time spent inside CTranslate2, to measure pipeline overhead."""

    batch_seconds: float = 0.0
    sentences: int = 0
    calls: int = 0
    source_tokens: int = 0
    target_tokens: int = 0     # decoded tokens of the returned hypotheses
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, seconds: float, n: int, source_tokens: int = 0, target_tokens: int = 0) -> None:
        with self._lock:
            self.batch_seconds += seconds
            self.sentences += n
            self.calls += 1
            self.source_tokens += source_tokens
            self.target_tokens += target_tokens

    def reset(self) -> None:
        with self._lock:
            self.batch_seconds, self.sentences, self.calls = 0.0, 0, 0
            self.source_tokens = self.target_tokens = 0


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity mask, which containers and taskset narrow)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def thread_counts(threads: int = 0, cores: int | None = None) -> tuple[int, int]:
    """CTranslate2 ``(inter_threads, intra_threads)`` for ``threads`` in all (0: every usable core).

    Intra-op threads (one batch's GEMMs) stop scaling at about 4, so larger budgets run several batches
    in parallel instead (CTranslate2 shares one copy of the weights between them on CPU).

    >>> thread_counts(cores=2), thread_counts(cores=16), thread_counts(3), thread_counts(8, cores=2)
    ((1, 2), (4, 4), (1, 3), (2, 4))
    """
    total = threads if threads > 0 else (cores or usable_cores())
    inter = max(1, total // 4)
    return inter, max(1, total // inter)


def decoding_options(settings: Settings) -> dict[str, Any]:
    """The ``translate_batch`` options l10n decodes with (the benchmark's raw side uses the same)."""
    return {"max_batch_size": settings.max_batch_tokens, "batch_type": "tokens",
            "beam_size": settings.beam_size, "length_penalty": settings.length_penalty,
            "max_decoding_length": settings.max_decoding_length, "replace_unknowns": True}


class ArgosEngine:
    """CTranslate2 models from installed Argos packages, loaded lazily once per process."""

    name = "argos"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.stats = EngineStats()
        self._loaded: dict[tuple[str, str], _Loaded] = {}
        self._lock = threading.Lock()
        self._pairs: dict[tuple[str, str], Path] | None = None

    # -- discovery
    def _installed(self) -> dict[tuple[str, str], Path]:
        if self._pairs is None:
            self._pairs = {p.pair: p.path for p in installed_packages(self.settings)}
        return self._pairs

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._installed())

    # -- loading
    def _device(self) -> str:
        import ctranslate2
        device = self.settings.device
        cuda = ctranslate2.get_cuda_device_count() > 0
        if device == "auto":
            return "cuda" if cuda else "cpu"
        if device == "cuda" and not cuda:
            raise ModelError("device 'cuda' requested but no CUDA device is available (use --device cpu)")
        return device

    def load(self, src: str, tgt: str) -> _Loaded:
        with self._lock:
            if (src, tgt) in self._loaded:
                return self._loaded[(src, tgt)]
            folder = self._installed().get((src, tgt))
            if folder is None:
                raise missing_model_error(src, tgt)
            import ctranslate2
            pkg = load_argos_package(folder)
            device = self._device()
            compute_type = self.settings.compute_type or ("int8" if device == "cpu" else "auto")
            inter, intra = thread_counts(self.settings.threads) if device == "cpu" else (1, self.settings.threads)
            try:
                translator = ctranslate2.Translator(str(folder / "model"), device=device,
                                                    compute_type=compute_type,
                                                    intra_threads=intra, inter_threads=inter)
            except (RuntimeError, ValueError) as exc:
                raise ModelError(f"CTranslate2 cannot load the model ({exc})", where=str(folder)) from None
            tokenizer = pkg.tokenizer
            processor = getattr(tokenizer, "lazy_processor", None)
            if processor is not None:
                sp = processor()  # the package's one SentencePiece processor, for all calls
                encode = lambda s: sp.encode(s, out_type=str)  # noqa: E731
                encode_batch = lambda texts: sp.encode(texts, out_type=str)  # noqa: E731
                # argostranslate's decode also turns "_" into spaces, which corrupts text; decode directly.
                decode = lambda toks: sp.decode_pieces(toks)  # noqa: E731
            else:
                encode, decode = tokenizer.encode, tokenizer.decode
                encode_batch = lambda texts: [tokenizer.encode(t) for t in texts]  # noqa: E731
            loaded = _Loaded(pkg, translator, encode, decode, getattr(pkg, "target_prefix", "") or "",
                             encode_batch, limits.max_positions(folder / "model"))
            self._loaded[(src, tgt)] = loaded
            return loaded

    # -- translation
    def validate(self, sentences: Sequence[str], src: str, tgt: str) -> None:
        """Reject what no model can take, before it joins a batch: only text encodable as UTF-8
        (lone surrogates are not). Length is no error: long sentences are split to fit."""
        for n, s in enumerate(sentences):
            if not isinstance(s, str):
                raise InputError(f"sentence {n + 1} is not text")
            try:
                s.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise InputError(f"sentence {n + 1} is not valid Unicode ({exc.reason} at "
                                 f"character {exc.start})") from None

    def translate_direct(self, sentences: Sequence[str], src: str, tgt: str) -> list[str]:
        model = self.load(src, tgt)
        self.validate(sentences, src, tgt)
        todo = [i for i, s in enumerate(sentences) if s.strip()]
        out = [""] * len(sentences)
        if not todo:
            return out
        split = [model.pieces(sentences[i]) for i in todo]
        if any(len(p) > 1 for p in split):  # translate the pieces, then join them per sentence
            flat = self.translate_direct([p for parts in split for p in parts], src, tgt)
            at = 0
            for i, parts in zip(todo, split):
                out[i] = " ".join(t for t in flat[at:at + len(parts)] if t)
                at += len(parts)
            return out
        for i, text in zip(todo, self._translate_batch(model, [sentences[i] for i in todo])):
            out[i] = text
        return out

    def hypotheses_direct(self, text: str, src: str, tgt: str, n: int) -> list[str]:
        """Up to ``n`` translations of one text, best first: CTranslate2's ``num_hypotheses`` from a
        beam of at least ``n`` (LibreTranslate's ``alternatives``; not used by the pipeline)."""
        model = self.load(src, tgt)
        tokens = model.encode_batch([text])
        prefix = [[model.target_prefix]] if model.target_prefix else None
        options = {**decoding_options(self.settings), "beam_size": max(n, self.settings.beam_size, 1),
                   "num_hypotheses": max(n, 1)}
        result = model.translator.translate_batch(tokens, target_prefix=prefix, **options)[0]
        return [model.decode(model.output_tokens(hyp)).strip() for hyp in result.hypotheses]

    def _translate_batch(self, model: _Loaded, texts: list[str]) -> list[str]:
        """Tokenise, translate and detokenise ``texts`` with CTranslate2 doing the batching.

        CTranslate2 sorts the inputs by length and cuts them into batches of at most
        ``max_batch_tokens`` tokens (little padding, big GEMMs); ``asynchronous`` lets it run them on
        its own threads while this one detokenises every result as soon as its batch is done.
        """
        tokens = model.encode_batch(texts)
        prefix = [[model.target_prefix]] * len(tokens) if model.target_prefix else None
        started = time.perf_counter()
        options = decoding_options(self.settings)
        if model.max_positions:  # the decoder has no position past its table either
            options["max_decoding_length"] = min(options["max_decoding_length"], model.max_positions)
        futures = model.translator.translate_batch(
            tokens, target_prefix=prefix, asynchronous=True, **options)
        out, decoded = [], 0
        for future in futures:
            hyp = model.output_tokens(future.result().hypotheses[0])
            decoded += len(hyp)
            out.append(model.decode(hyp).strip())
        self.stats.add(time.perf_counter() - started, len(tokens), sum(map(len, tokens)), decoded)
        return out
