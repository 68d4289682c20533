"""A benchmark model of the real Argos en->uk shape, built at benchmark time and cached (never committed).

Why: the test packages are 2 MB memorising models whose output on unseen text has arbitrary length, so
throughput measured on them says little about a real ~100 MB Transformer. This builds a package with the
architecture of Argos Translate's en->uk model -- Transformer base, 6 encoder + 6 decoder layers,
d_model 512, 8 heads, FFN 2048, pre-norm, ReLU, shared SentencePiece vocabulary of 32,000 pieces (BPE)
trained on the benchmark's own English and Ukrainian text (``mt/`` of the eval data) -- with seeded random
weights, written with CTranslate2's own spec classes (``TransformerSpec`` + ``optimize("int8")`` + ``save``;
numpy only, no torch) and zipped as a real ``.argosmodel`` that both l10n and argostranslate load.

Output length is deterministic and realistic: a hypothesis of a source of ``L`` pieces always has
``ceil(1.2 * L)`` pieces (capped by ``max_decoding_length``), whatever the beam size, length penalty,
batch composition or int8 rounding. The weights are random except for one small *length circuit* in
dimensions 0-71 of the residual stream, which the random weights never write to:

* the source gets ``</s>`` appended (``add_source_eos``); its embedding carries a flag in dimension 64;
* encoder position ``s`` and decoder position ``t`` carry a 64-dimensional position code (random
  frequencies, so that codes of different positions are nearly orthogonal) of ``s`` and of
  ``floor(t / 1.2)`` respectively (the encodings tables CTranslate2 accepts in place of sinusoids);
* head 0 of the first decoder layer's cross-attention compares those codes (a hard, near one-hot
  attention on source position ``floor(t / 1.2)``) and copies the flag into dimension 65;
* the output projection's ``</s>`` row reads only dimension 65 with a large weight and a large negative
  bias: ``</s>`` scores far below every other token until the attended position is the source's
  ``</s>``, then far above all of them. So every hypothesis in every beam ends at the same step.

Compute is the same as for trained weights of that shape (dense int8 GEMMs don't care about values), so
the throughput figures are those of the real model's shape; the tokens themselves are noise.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import shutil
import tempfile
import zipfile
from pathlib import Path

import numpy as np

VERSION = "1"           # bump when the construction changes: the cache key includes it
SEED = 20240601
LAYERS, D_MODEL, HEADS, FFN = 6, 512, 8, 2048
VOCAB = 32000
MAX_POSITIONS = 1024
LENGTH_RATIO = (6, 5)   # output pieces = ceil(6/5 * source pieces)
CODE = slice(0, 64)     # position code dimensions
FLAG, EVIDENCE, RESERVED = 64, 65, 72
NAME = "translate-en_uk-argos_base"
TEXTS = ("flores200_devtest/eng_Latn.devtest", "flores200_devtest/ukr_Cyrl.devtest",
         "ntrex128/newstest2019-src.eng.txt", "ntrex128/newstest2019-ref.ukr.txt")


def expected_length(source_pieces: int, max_decoding_length: int = 256) -> int:
    """Pieces the benchmark model decodes for a source of ``source_pieces`` pieces.

    >>> expected_length(10), expected_length(27), expected_length(0), expected_length(300)
    (12, 33, 0, 256)
    """
    num, den = LENGTH_RATIO
    return min(-(-source_pieces * num // den), max_decoding_length)


def corpus(mt_dir: Path) -> list[str]:
    lines: list[str] = []
    for rel in TEXTS:
        path = mt_dir / rel
        if not path.is_file():
            raise SystemExit(f"benchmark data not found: {path} (pass --data DIR)")
        lines += [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines


def train_sentencepiece(lines: list[str], vocab_size: int = VOCAB) -> bytes:
    """A 32k BPE SentencePiece model (ids: <unk>=0, <s>=1, </s>=2), deterministic (one thread)."""
    import sentencepiece as spm
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_writer=buf, model_type="bpe", vocab_size=vocab_size,
        hard_vocab_limit=False, character_coverage=1.0, unk_id=0, bos_id=1, eos_id=2, pad_id=-1,
        num_threads=1, minloglevel=2)
    return buf.getvalue()


class _Weights:
    """Seeded random weights; rows ``[0, RESERVED)`` of every residual write are zero (the length circuit's)."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)

    def matrix(self, rows: int, cols: int, *, writes_residual: bool = False) -> np.ndarray:
        w = self.rng.normal(0.0, math.sqrt(2.0 / (rows + cols)), (rows, cols)).astype(np.float32)
        if writes_residual:
            w[:RESERVED] = 0.0
        return w

    def bias(self, n: int, *, writes_residual: bool = False) -> np.ndarray:
        b = self.rng.normal(0.0, 0.02, n).astype(np.float32)
        if writes_residual:
            b[:RESERVED] = 0.0
        return b

    def embeddings(self, vocab: int) -> np.ndarray:
        e = self.rng.normal(0.0, 1.0 / math.sqrt(D_MODEL), (vocab, D_MODEL)).astype(np.float32)
        e[:, :RESERVED] = 0.0
        return e


def _layer_norm(spec) -> None:
    spec.gamma = np.ones(D_MODEL, np.float32)
    spec.beta = np.zeros(D_MODEL, np.float32)


def _linear(spec, w: np.ndarray, b: np.ndarray) -> None:
    spec.weight, spec.bias = w, b


def _ffn(spec, rw: _Weights) -> None:
    _layer_norm(spec.layer_norm)
    _linear(spec.linear_0, rw.matrix(FFN, D_MODEL), rw.bias(FFN))
    _linear(spec.linear_1, rw.matrix(D_MODEL, FFN, writes_residual=True), rw.bias(D_MODEL, writes_residual=True))


def _self_attention(spec, rw: _Weights) -> None:
    _layer_norm(spec.layer_norm)
    _linear(spec.linear[0], rw.matrix(3 * D_MODEL, D_MODEL), rw.bias(3 * D_MODEL))
    _linear(spec.linear[1], rw.matrix(D_MODEL, D_MODEL, writes_residual=True), rw.bias(D_MODEL, writes_residual=True))


def _cross_attention(spec, rw: _Weights, length_head: bool) -> None:
    _layer_norm(spec.layer_norm)
    q, kv, out = rw.matrix(D_MODEL, D_MODEL), rw.matrix(2 * D_MODEL, D_MODEL), rw.matrix(D_MODEL, D_MODEL, writes_residual=True)
    qb, kvb, outb = rw.bias(D_MODEL), rw.bias(2 * D_MODEL), rw.bias(D_MODEL, writes_residual=True)
    if length_head:  # head 0 (output dims 0-63): query and key read the position code, value the flag
        head = slice(0, D_MODEL // HEADS)
        q[head], qb[head], kv[head], kvb[head] = 0.0, 0.0, 0.0, 0.0
        kv[D_MODEL:D_MODEL + 64], kvb[D_MODEL:D_MODEL + 64] = 0.0, 0.0
        q[head, CODE] = 40.0 * np.eye(64, dtype=np.float32)    # sharp: scores differ by tens of logits
        kv[head, CODE] = np.eye(64, dtype=np.float32)
        kv[D_MODEL, FLAG] = 1.0
        out[:, head] = 0.0
        out[EVIDENCE, 0] = 8.0
    _linear(spec.linear[0], q, qb)
    _linear(spec.linear[1], kv, kvb)
    _linear(spec.linear[2], out, outb)


def _position_codes(positions: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """64-dim codes whose dot product is high only for equal positions (random frequencies in (0.3, pi))."""
    freq = rng.uniform(0.3, math.pi, 32)
    phase = rng.uniform(0.0, 2 * math.pi, 32)
    angle = np.outer(positions, freq) + phase
    table = np.zeros((len(positions), D_MODEL), np.float32)
    table[:, 0:64:2], table[:, 1:64:2] = np.sin(angle), np.cos(angle)
    return 2.0 * table


def build_spec(pieces: list[str], seed: int = SEED, layers: int = LAYERS):
    """The CTranslate2 ``TransformerSpec`` of the benchmark model (float32 weights, not yet quantized).

    ``layers`` is there for the test suite, which checks the length circuit on a 1+1-layer model.
    """
    from ctranslate2.specs import TransformerSpec
    rw = _Weights(seed)
    spec = TransformerSpec.from_config(layers, HEADS)
    vocab = len(pieces)
    eos = pieces.index("</s>")
    codes = np.random.default_rng(seed + 1)
    positions = np.arange(MAX_POSITIONS)
    code_rng_state = codes.bit_generator.state
    spec.encoder.position_encodings.encodings = _position_codes(positions, codes)
    codes.bit_generator.state = code_rng_state  # same frequencies for the decoder's codes
    spec.decoder.position_encodings.encodings = _position_codes(positions * LENGTH_RATIO[1] // LENGTH_RATIO[0], codes)
    src_emb = rw.embeddings(vocab)
    src_emb[eos, FLAG] = 4.0 / math.sqrt(D_MODEL)     # CTranslate2 scales embeddings by sqrt(d_model)
    spec.encoder.embeddings[0].weight = src_emb
    spec.decoder.embeddings.weight = rw.embeddings(vocab)
    for layer in spec.encoder.layer:
        _self_attention(layer.self_attention, rw)
        _ffn(layer.ffn, rw)
    for i, layer in enumerate(spec.decoder.layer):
        _self_attention(layer.self_attention, rw)
        _cross_attention(layer.attention, rw, length_head=i == 0)
        _ffn(layer.ffn, rw)
    _layer_norm(spec.encoder.layer_norm)
    _layer_norm(spec.decoder.layer_norm)
    proj = rw.matrix(vocab, D_MODEL)
    proj[:, :RESERVED] = 0.0
    proj_bias = np.zeros(vocab, np.float32)
    proj[eos] = 0.0
    proj[eos, EVIDENCE], proj_bias[eos] = 8.0, -30.0
    _linear(spec.decoder.projection, proj, proj_bias)
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.config.add_source_eos = True
    return spec


def _zip_folder(folder: Path, out_file: Path) -> None:
    tmp = out_file.with_suffix(".partial")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as zf:
        for path in sorted(folder.rglob("*")):
            zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    tmp.replace(out_file)


def cache_key(mt_dir: Path) -> str:
    digest = hashlib.sha256(VERSION.encode())
    for rel in TEXTS:
        digest.update((mt_dir / rel).read_bytes())
    return digest.hexdigest()[:12]


def write_package(folder: Path, spec, sp_bytes: bytes) -> None:
    """An Argos package folder: metadata.json, sentencepiece.model, README.md and the int8 model/."""
    folder.mkdir()
    spec.validate()
    spec.optimize(quantization="int8")
    (folder / "model").mkdir()
    spec.save(str(folder / "model"))
    (folder / "sentencepiece.model").write_bytes(sp_bytes)
    (folder / "metadata.json").write_text(json.dumps({
        "package_version": "1.9", "argos_version": "1.9", "from_code": "en", "from_name": "English",
        "to_code": "uk", "to_name": "Ukrainian", "type": "translate", "links": [],
        "note": "l10n benchmark model: Argos en->uk shape, random weights (benchmarks/argos_base.py)",
    }, indent=2) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(__doc__, encoding="utf-8")


def build_package(mt_dir: Path, cache_dir: Path, log=print) -> Path:
    """The ``.argosmodel`` file for the eval text in ``mt_dir``, built once into ``cache_dir``."""
    out_file = cache_dir / f"{NAME}-{cache_key(mt_dir)}.argosmodel"
    if out_file.is_file():
        return out_file
    import sentencepiece as spm
    log(f"building the argos-base benchmark model into {out_file} (once; about a minute) ...")
    cache_dir.mkdir(parents=True, exist_ok=True)
    sp_bytes = train_sentencepiece(corpus(mt_dir))
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    with tempfile.TemporaryDirectory(dir=cache_dir) as tmp:
        pkg = Path(tmp) / NAME
        write_package(pkg, build_spec(pieces), sp_bytes)
        _zip_folder(pkg, out_file)
    return out_file


def default_cache_dir() -> Path:
    """Under l10n's data directory (``$L10N_HOME`` or ``$XDG_DATA_HOME/l10n``), never in the checkout."""
    from l10n.settings import Settings
    return Settings.from_env().home / "bench-models"


def extract(package: Path, dest: Path) -> Path:
    """Unzip ``package`` into ``dest``; returns the package folder (for raw CTranslate2 use)."""
    with zipfile.ZipFile(package) as zf:
        zf.extractall(dest)
    (folder,) = [p for p in dest.iterdir() if p.is_dir()]
    shutil.rmtree(folder / "__MACOSX", ignore_errors=True)
    return folder
