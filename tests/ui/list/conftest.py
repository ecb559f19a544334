"""Fixtures for the list's tests."""

from __future__ import annotations

from typing import Any

import pytest

from curator_app.ui.list.article_model import ArticleTableModel
from curator_app.ui.list.filter_proxy import ArticleFilterProxy


@pytest.fixture
def held_proxy(model: ArticleTableModel, holding_runner: Any) -> ArticleFilterProxy:
    """A proxy over the test module's ``model``, its background work held back by
    ``holding_runner`` until released."""
    proxy = ArticleFilterProxy(runner=holding_runner)
    proxy.setSourceModel(model)
    return proxy
