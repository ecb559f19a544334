"""The bundled sample folder shows a newcomer every state the program knows."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from curator_app.core.document import ArticleDocument
from curator_app.core.errors import InvalidYamlError
from curator_app.core.library import iter_article_paths

BROKEN = "science/2024-10-15-deep-sea-mining-test.txt"


def load_all(samples: Path) -> dict[str, ArticleDocument]:
    documents = {}
    for path in iter_article_paths(samples):
        relpath = path.relative_to(samples).as_posix()
        if relpath != BROKEN:
            documents[relpath] = ArticleDocument.load(path)
    return documents


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_enough_articles_in_several_subfolders_some_published(samples: Path) -> None:
    documents = load_all(samples)

    assert len(documents) + 1 >= 12
    assert len({relpath.split("/")[0] for relpath in documents}) >= 3
    published = [relpath for relpath, doc in documents.items() if doc.published]
    assert 2 <= len(published) < len(documents)
    assert {Path(relpath).suffix for relpath in documents} == {".txt", ".md"}


def test_every_article_has_the_seed_keys(samples: Path) -> None:
    seed_keys = {
        "category", "title", "excerpt", "publishedDateTime", "originalUrl", "webUrl", "type",
        "quality", "heat", "provider", "topics", "images", "related", "secured",
    }  # fmt: skip
    for relpath, document in load_all(samples).items():
        assert seed_keys <= set(document.data), relpath
        assert (document.value_text("publishedDateTime") or "").endswith("Z"), relpath


def test_local_images_exist_beside_the_articles_with_their_declared_size(
    samples: Path,
) -> None:
    local_images = 0
    for relpath, document in load_all(samples).items():
        for image in document.get("images"):
            if "://" in image["url"]:
                continue
            local_images += 1
            path = (samples / relpath).parent / image["url"]
            assert png_size(path) == (image["width"], image["height"]), path
    assert local_images >= 4


def test_one_of_each_tricky_layout(samples: Path) -> None:
    documents = load_all(samples).values()

    assert any(doc.newline == "\r\n" for doc in documents)
    assert any(doc.has_bom for doc in documents)
    assert any("published" not in doc for doc in documents)
    markdown = [doc.body for doc in documents if doc.body.strip()]
    assert any("\n## " in body and "\n- " in body and "](http" in body for body in markdown)


def test_the_broken_sample_is_broken_for_a_reason_a_person_can_read(samples: Path) -> None:
    with pytest.raises(InvalidYamlError) as raised:
        ArticleDocument.load(samples / BROKEN)

    assert raised.value.line == 3
