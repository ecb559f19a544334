"""The fast construction builds exactly what PyYAML's safe constructor builds, or gives up."""

from __future__ import annotations

import contextlib
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from benchmarks.generate import article_text
from curator_app.core import yamlio, yamlplain
from curator_app.core.yamlguard import MAX_DEPTH
from curator_app.core.yamlio import same_value
from curator_app.core.yamlplain import construct_plain, plain_scalar_tag, with_memoized_tags

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FIXTURES = Path(__file__).parent / "fixtures"


def both(text: str) -> tuple[Any, Any]:
    """(construct_plain's data, the safe constructor's data or the exception it raised)."""
    fast_loader, full_loader = _LOADER(text), _LOADER(text)
    try:
        node = fast_loader.get_single_node()
        full_node = full_loader.get_single_node()
        fast = construct_plain(fast_loader, node, text, MAX_DEPTH) if node is not None else None
        try:
            full: Any = full_loader.construct_document(full_node)
        except Exception as error:
            full = error
        return fast, full
    finally:
        fast_loader.dispose()
        full_loader.dispose()


def front_matter(text: str) -> str:
    return text.lstrip("\ufeff").split("---", 2)[1]


def assert_same_or_gave_up(text: str) -> None:
    fast, full = both(text)
    if fast is None:
        return
    assert not isinstance(full, Exception), f"the full constructor raised {full!r}"
    assert same_value(fast, full)


def test_generated_articles_are_built_the_same_way() -> None:
    rng = random.Random(7)
    for _ in range(200):
        text = front_matter(article_text(rng))
        fast, full = both(text)
        assert fast is not None and same_value(fast, full)


@pytest.mark.parametrize(
    "name", sorted(p.name for p in FIXTURES.iterdir() if p.read_bytes().startswith(b"---"))
)
def test_fixtures_are_built_the_same_way_or_left_to_the_full_constructor(name: str) -> None:
    text = (FIXTURES / name).read_text(encoding="utf-8", errors="replace")
    with contextlib.suppress(yaml.YAMLError):  # one that does not even compose: not ours
        assert_same_or_gave_up(front_matter(text))


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1]\nb: *x\n",  # an alias
        "base: &b {x: 1}\nother:\n  <<: *b\n",  # a merge key through an alias
        "other:\n  <<: {x: 1}\n  y: 2\n",  # a merge key without an alias
        "a: !!binary aGVsbG8=\n",  # an explicit tag
        "a: !custom value\n",  # an unknown tag: the full constructor's error
        "a: !!set {x, y}\n",
        "? [1, 2]\n: list key\n",  # a key that is not a scalar
        "a: 2021-02-30\n",  # an impossible date: the full constructor reports it
        "=: value\n",  # the value key
    ],
)
def test_anything_unusual_is_left_to_the_full_constructor(text: str) -> None:
    fast, _full = both(text)
    assert fast is None


_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.datetimes(),
    st.dates(),
)
_KEY = st.one_of(st.text(min_size=1, max_size=8), st.integers(-5, 5), st.booleans())
_TREE = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEY, inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEY, _TREE, max_size=6), st.booleans())
def test_any_plain_tree_is_built_the_same_way(data: Any, flow: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    assert_same_or_gave_up(text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                "1",
                "0x1F",
                "1_000",
                "yes",
                "~",
                ".inf",
                "2021-01-01",
                "'q'",
                '"d"',
                "null",
                "1e3",
                "-",
                "on",
                "Off",
                "0o17",
                "+1",
                "0",
                "007",
                "08",
                "640",
                "1_0",
                "-12",
                "99999999999999999999999",
                "!!int '12'",
                "!!int '\u0663'",
                "!!int 1" + "0" * 5000,  # past Python's digits limit: the full constructor's error
            ]
        ),
        min_size=1,
        max_size=6,
    )
)
def test_plain_scalars_resolve_the_same_way(words: list[str]) -> None:
    text = "".join(f"k{i}: {word}\n" for i, word in enumerate(words))
    with contextlib.suppress(yaml.YAMLError):
        assert_same_or_gave_up(text)


def tags_of(loader: Any, text: str) -> list[str]:
    composer = loader(text)
    try:
        pending = [composer.get_single_node()]
    finally:
        composer.dispose()
    tags = []
    while pending:
        node = pending.pop()
        tags.append(node.tag)
        if isinstance(node.value, list):
            for item in node.value:
                pending.extend(item if isinstance(item, tuple) else (item,))
    return tags


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_a_memoized_plain_tag_is_the_resolvers_tag(value: str) -> None:
    assert plain_scalar_tag(value) == Resolver().resolve(ScalarNode, value, (True, False))


def test_the_parsing_loader_gives_every_node_the_tag_pyyaml_gives_it() -> None:
    rng = random.Random(11)
    texts = [front_matter(article_text(rng)) for _ in range(50)]
    texts += [
        "a: 1\nb: '1'\nc: \"yes\"\nd: yes\ne: ~\nf: 2021-01-01\ng: 1.5\nh: .nan\ni: <<\n",
        "k: [1, '2', three, 0x4, 2021-01-01T00:00:00Z, null, '']\n",
    ]
    for text in texts:
        assert tags_of(yamlio.Loader, text) == tags_of(_LOADER, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=120), st.integers(), st.floats(), st.booleans())))
def test_any_scalar_gets_pyyamls_tag_however_many_were_memoized(
    values: list[Any],
) -> None:
    text = yaml.safe_dump({"k": values}, allow_unicode=True, width=1 << 20)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlplain, "_MEMO_SIZE", 3)  # the memo starts over, often
        assert tags_of(yamlio.Loader, text) == tags_of(_LOADER, text)


def test_path_resolvers_are_followed_even_when_added_later() -> None:
    base: Any = type("Base", (_LOADER,), {})
    loader = with_memoized_tags(base)
    text = "title: x\nother: y\nn: 1\nl: [a, 1]\n"
    assert tags_of(loader, text) == tags_of(base, text)
    base.add_path_resolver("!shout", ["title"], str)
    assert "!shout" in tags_of(loader, text)
    assert tags_of(loader, text) == tags_of(base, text)


@pytest.mark.parametrize(("depth", "built"), [(MAX_DEPTH, True), (MAX_DEPTH + 1, False)])
def test_nesting_past_the_limit_is_left_to_the_checks(depth: int, built: bool) -> None:
    lists = depth - 1  # the top mapping is a level too
    fast, full = both(f"a: {'[' * lists}{']' * lists}\n")
    assert (fast is not None) == built
    if built:
        assert same_value(fast, full)
