"""Write article files in the seed's shape with varied values, for the benchmarks.

The layout follows the real seed file: double-quoted strings, ISO timestamps with
``Z``, a nested ``provider``, lists of ``topics`` and ``images``, ``related``
articles with their own providers and images, scores, ``published`` and the
opaque ``secured`` string.

The folder is deterministic for a given count and seed: articles sit in year/month
folders by their date, every IMAGE_EVERY-th one has a local image beside it (in the
month's ``images/`` folder, named in its ``images`` list), every CRLF_EVERY-th has
Windows line ends and every BOM_EVERY-th starts with a byte-order mark. Files are
named ``.md`` so that Hugo reads them too (it ignores ``.txt`` content files).
"""

from __future__ import annotations

import base64
import random
import struct
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

IMAGE_EVERY = 10
CRLF_EVERY = 20
BOM_EVERY = 25
SUFFIX = ".md"
PROVIDERS = [
    ("Analytics Weekly", "analytics.example"),
    ("Harbour Tribune", "harbour.example"),
    ("Synced Notes", "synced.example"),
    ("Northern Ledger", "ledger.example"),
    ("Open Lab Review", "openlab.example"),
]
TOPICS = ["AI", "Climate", "Transport", "Research", "Energy", "Cities", "Health", "Space"]
WORDS = [
    *("model", "data", "river", "city", "train", "vision", "study", "team", "open", "night"),
    *("market", "grid", "sensor", "paper", "lab", "field", "summer", "policy", "harbour"),
]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _moment(rng: random.Random) -> datetime:
    start = datetime(2019, 1, 1, tzinfo=UTC)
    return start + timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))


def _when(rng: random.Random) -> str:
    return _moment(rng).strftime("%Y-%m-%dT%H:%M:%SZ")


def _image(rng: random.Random, domain: str, indent: str) -> list[str]:
    return [
        f'{indent}- url: "https://{domain}/images/{rng.randrange(10**8)}.jpg"',
        f"{indent}  width: {rng.choice([640, 790, 1280, 2240])}",
        f"{indent}  height: {rng.choice([320, 480, 720, 1260])}",
        f"{indent}  isCached: {rng.choice(['true', 'false'])}",
    ]


def _related(rng: random.Random) -> list[str]:
    name, domain = rng.choice(PROVIDERS)
    slug = rng.randrange(10**6)
    return [
        f'  - title: "{_sentence(rng, 9)}"',
        f'    excerpt: "{_sentence(rng, 30)}"',
        f"    publishedDateTime: {_when(rng)}",
        f'    webUrl: "https://{domain}/{slug}/"',
        f'    ampWebUrl: "https://{domain}/{slug}/amp/"',
        "    type: article",
        "    provider:",
        f"      name: {name}",
        f"      domain: {domain}",
        f"    quality: {rng.randrange(100)}",
        "    images:",
        *_image(rng, domain, "      "),
    ]


def article_text(
    rng: random.Random, when: datetime | None = None, local_image: str | None = None
) -> str:
    """One article in the seed's layout (LF line ends, trailing newline, empty body);
    ``local_image`` is a relative path listed first among its images."""
    when = when or _moment(rng)
    name, domain = rng.choice(PROVIDERS)
    slug = rng.randrange(10**6)
    secured = base64.b64encode(rng.randbytes(rng.randrange(300, 500))).decode("ascii")
    lines = [
        "---",
        f"category: {rng.choice(['news', 'science', 'business'])}",
        f'title: "{_sentence(rng, 7)}"',
        f'excerpt: "{_sentence(rng, 45)}"',
        f"publishedDateTime: {when.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        f'originalUrl: "https://{domain}/{slug}/"',
        f'webUrl: "https://{domain}/{slug}/"',
        "type: article",
        f"quality: {rng.randrange(100)}",
        f"heat: {rng.randrange(-1, 50)}",
        f"published: {rng.choice(['true', 'false', 'false'])}",
        "",
        "provider:",
        f"  name: {name}",
        f"  domain: {domain}",
        "",
        "topics:",
        *(f"  - {topic}" for topic in rng.sample(TOPICS, rng.randrange(1, 4))),
        "",
        "images:",
        *(_local_image(local_image) if local_image else []),
        *(line for _ in range(rng.randrange(0, 3)) for line in _image(rng, domain, "  ")),
        "",
        "related:",
        *(line for _ in range(rng.randrange(1, 3)) for line in _related(rng)),
        "",
        f'secured: "{secured}"',
        "---",
        "",
    ]
    text = "\n".join(lines)
    return text.replace("images:\n\n", "images: []\n\n")


def _local_image(relative: str) -> list[str]:
    return [f'  - url: "{relative}"', "    width: 1", "    height: 1", "    isCached: true"]


def tiny_png() -> bytes:
    """A valid 1x1 grey PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def write_articles(folder: Path, count: int, seed: int = 2021) -> list[Path]:
    """Write ``count`` articles below ``folder`` in year/month folders (see the module)."""
    rng = random.Random(seed)
    png = tiny_png()
    paths = []
    made: set[Path] = set()
    for index in range(count):
        when = _moment(rng)
        sub = folder / f"{when.year}" / f"{when.month:02d}"
        if sub not in made:
            sub.mkdir(parents=True, exist_ok=True)
            made.add(sub)
        stem = f"{index:06d}_{rng.randrange(16**16):016x}"
        image = f"images/{stem}.png" if index % IMAGE_EVERY == 0 else None
        text = article_text(rng, when, image)
        if index % CRLF_EVERY == 0:
            text = text.replace("\n", "\r\n")
        if index % BOM_EVERY == 0:
            text = "\ufeff" + text
        if image is not None:
            (sub / "images").mkdir(exist_ok=True)
            (sub / image).write_bytes(png)
        path = sub / f"{stem}{SUFFIX}"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths
