"""A server process reads the index's files through the page cache, which every process shares,
and keeps no copy of them of its own (its memory at 50,000 practices depends on it)."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

from whoosh import fields
from whoosh import index as whoosh_index

from nsc_library.search.storage import open_generation

WORDS = [f"word{n}" for n in range(3000)]


def write_index(folder: Path, documents: int) -> int:
    """A Whoosh index of one compound segment, as rebuilds write it; the size of its files."""
    rng = random.Random(5)  # noqa: S311  (made-up words, not a secret)
    index = whoosh_index.create_in(str(folder), fields.Schema(body=fields.TEXT(stored=False)))
    with index.writer() as writer:
        for _ in range(documents):
            writer.add_document(body=" ".join(rng.choices(WORDS, k=100)))
    return sum(path.stat().st_size for path in folder.iterdir())


def test_an_open_index_keeps_no_copy_of_its_files_in_the_process(tmp_path: Path) -> None:
    size = write_index(tmp_path, 600)
    tracemalloc.start()
    try:
        reader = open_generation(tmp_path).reader()
        kept, _ = tracemalloc.get_traced_memory()
        postings = [len(list(reader.postings("body", word).all_ids())) for word in WORDS[:50]]
    finally:
        tracemalloc.stop()
    reader.close()
    assert sum(postings) > 0  # the postings are read from the files
    assert kept < size / 10, f"{kept} bytes kept in memory for {size} bytes of index files"
