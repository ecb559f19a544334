"""The core must import without Qt, so the CLI and tests run on machines without a display."""

from __future__ import annotations

import subprocess
import sys

CHECK = (
    "import curator_app.core.document, curator_app.core.library, curator_app.core.atomic;"
    " import sys;"
    " loaded = sorted(m for m in sys.modules if m.startswith('PySide6'));"
    " assert not loaded, loaded"
)


def test_core_imports_no_pyside6() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
