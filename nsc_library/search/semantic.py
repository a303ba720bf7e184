"""Meaning: sentence embeddings of practices and queries, so that `worried parents` finds a
parents' network that shares none of its words.

The model is WordLlama's `l2_supercat` (256 dimensions), whose weights and tokenizer ship inside
the `wordllama` wheel. `WordLlama.load()` looks for the tokenizer in another folder than the one
the wheel ships and then downloads, so the two packaged files are loaded here directly: nothing is
fetched at run time. A practice's vector is computed when it is indexed and stored in the index
(a column), so it belongs to the index version like every other part of the document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

# Changing the model changes every document's fingerprint, so `check-index` asks for a reindex.
MODEL_ID = "wordllama-0.4.0-l2_supercat-256"
DIMENSIONS = 256
# Stored as float16: half the size, and the similarity ranking is the same to three decimals.
STORED_TYPE = np.float16


class ModelMissing(RuntimeError):
    """The packaged model files are not where the installed `wordllama` should have them."""


@lru_cache(maxsize=1)
def model() -> Any:
    """The embedding model, loaded once per process from the files inside the wordllama package."""
    import wordllama
    from safetensors import safe_open
    from wordllama import WordLlama
    from wordllama.inference import WordLlamaInference

    root = Path(wordllama.__file__).parent
    tokenizer_file = root / "tokenizers" / "l2_supercat_tokenizer_config.json"
    weights_file = root / "weights" / "l2_supercat_256.safetensors"
    if not (tokenizer_file.is_file() and weights_file.is_file()):
        raise ModelMissing(f"wordllama model files missing in {root}")
    tokenizer = WordLlama.load_tokenizer(tokenizer_file)
    with safe_open(str(weights_file), framework="np", device="cpu") as weights:
        return WordLlamaInference(weights.get_tensor("embedding.weight"), tokenizer)


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length vectors (float32, one row per text); an empty text gets a zero row."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(model().embed(list(texts), norm=True), dtype=np.float32)
    vectors[[not text.strip() for text in texts]] = 0.0
    return np.nan_to_num(vectors, copy=False)


def practice_text(title: str, summaries: Sequence[str], labels: Sequence[str]) -> str:
    """The text a practice's vector is made from: title, summaries and vocabulary labels. The
    write-up itself is left out: averaged over a long text, word vectors lose what the practice
    is about (measured on the test collection, see docs/search.md)."""
    return "\n".join((title, *summaries, ", ".join(labels)))


def to_bytes(vector: np.ndarray) -> bytes:
    return vector.astype(STORED_TYPE).tobytes()


def matrix(values: Iterable[bytes], size: int) -> np.ndarray:
    """The stored vectors of documents 0..size-1 as one float32 matrix; zero rows where none."""
    out = np.zeros((size, DIMENSIONS), dtype=np.float32)
    width = DIMENSIONS * np.dtype(STORED_TYPE).itemsize
    for docnum, value in enumerate(islice(values, size)):
        if value and len(value) == width:
            out[docnum] = np.frombuffer(value, dtype=STORED_TYPE)
    return out
