"""Write article files in the seed's shape with varied values, for the benchmarks.

The layout follows the real seed file: double-quoted strings, ISO timestamps with
``Z``, a nested ``provider``, lists of ``topics`` and ``images``, ``related``
articles with their own providers and images, scores, ``published`` and the
opaque ``secured`` string.
"""

from __future__ import annotations

import base64
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

FILES_PER_FOLDER = 500
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


def _when(rng: random.Random) -> str:
    start = datetime(2019, 1, 1, tzinfo=UTC)
    moment = start + timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


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


def article_text(rng: random.Random) -> str:
    """One article in the seed's layout (LF line ends, trailing newline, empty body)."""
    name, domain = rng.choice(PROVIDERS)
    slug = rng.randrange(10**6)
    secured = base64.b64encode(rng.randbytes(rng.randrange(300, 500))).decode("ascii")
    lines = [
        "---",
        f"category: {rng.choice(['news', 'science', 'business'])}",
        f'title: "{_sentence(rng, 7)}"',
        f'excerpt: "{_sentence(rng, 45)}"',
        f"publishedDateTime: {_when(rng)}",
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


def write_articles(folder: Path, count: int, seed: int = 2021) -> list[Path]:
    """Write ``count`` articles below ``folder`` in subfolders of FILES_PER_FOLDER."""
    rng = random.Random(seed)
    paths = []
    for index in range(count):
        sub = folder / f"batch_{index // FILES_PER_FOLDER:03d}"
        if index % FILES_PER_FOLDER == 0:
            sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"{index:06d}_{rng.randrange(16**16):016x}.txt"
        path.write_text(article_text(rng), encoding="utf-8")
        paths.append(path)
    return paths
