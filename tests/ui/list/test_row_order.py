"""``sort_rows``: a sort in steps gives exactly what one ``sorted`` gives."""

from __future__ import annotations

import random

import pytest

from curator_app.ui.list import row_order
from curator_app.ui.list.row_order import RowOrder, SortKey, sort_rows


@pytest.mark.parametrize("count", [0, 1, 6, 7, 13, 40, 101])
@pytest.mark.parametrize("descending", [False, True])
def test_a_sort_in_steps_equals_one_sorted_ties_included(
    count: int, descending: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(row_order, "SORT_STEP_ROWS", 7)  # many steps, an odd run left over
    rng = random.Random(count)
    texts: list[SortKey] = [rng.choice("abcde") for _ in range(count)]  # many equal keys
    numbers: list[SortKey] = [float(rng.randrange(4)) for _ in range(count)]
    for keys in (texts, numbers):
        expected = sorted(range(count), key=keys.__getitem__, reverse=descending)
        assert sort_rows(count, keys, descending) == expected


def test_an_order_sorted_elsewhere_takes_in_the_rows_appended_since() -> None:
    keys: list[SortKey] = [3.0, 1.0, 2.0]
    order = RowOrder()
    order.reset([True, True, True], None, False)
    ordered = sort_rows(3, keys, descending=True)  # made while two more rows came
    keys += [5.0, 0.0]
    order.accepted += [True, False]

    order.set_order(keys, True, ordered)

    assert order.ordered == [3, 0, 2, 1, 4] and order.shown == [3, 0, 2, 1]
