"""The folder copy and the zip archive: original files byte for byte, plus their local images.

Decisions, so the copy opens in Curator again with the same entries:
- A broken article (bad YAML, no front matter, an alias bomb…) is copied byte for byte
  as well, with a warning: in the copy it is listed with the same error as in the
  library. Its images cannot be known, so none are copied for it.
- An article whose image reference is refused (``..`` above the library folder, an
  absolute path, a symbolic link, a FIFO, a name no file can have) is still copied; the
  image is not, and the refusal is reported as an error. A local image that does not
  exist is a warning: the copy is as complete as the library. How images are opened
  safely is in export_sources.
- An image shared by several articles is copied once.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path, PurePosixPath

from curator_app.core.errors import CuratorError, ReadError
from curator_app.core.export_sources import (
    LibraryRoot,
    SourceArticle,
    image_references,
    is_remote,
    read_image,
    resolve_image,
)

# A hidden file that marks a folder as a Curator export, so that ``force`` replaces
# only folders an export made (never, say, a home folder given by mistake). The
# library scan skips hidden files, so the copy lists exactly the copied articles.
EXPORT_MARKER = ".curator-export"


class CopySink:
    """Where copied files go: a staging folder or a zip archive."""

    def add_bytes(self, relpath: str, data: bytes, mtime: float) -> None:
        raise NotImplementedError


class FolderSink(CopySink):
    def __init__(self, root: Path) -> None:
        self.root = root
        (root / EXPORT_MARKER).write_text("Made by a Curator export.\n", encoding="utf-8")

    def _target(self, relpath: str) -> Path:
        target = self.root.joinpath(*PurePosixPath(relpath).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def add_bytes(self, relpath: str, data: bytes, mtime: float) -> None:
        self._target(relpath).write_bytes(data)


class ZipSink(CopySink):
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive

    def add_bytes(self, relpath: str, data: bytes, mtime: float) -> None:
        stamp = time.localtime(max(mtime, 315532800))  # zip dates start in 1980
        info = zipfile.ZipInfo(relpath, date_time=stamp[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self.archive.writestr(info, data)


class ArticleCopier:
    """Copies articles and their images into one sink, each image once."""

    def __init__(self, root: LibraryRoot, sink: CopySink) -> None:
        self.root = root
        self.sink = sink
        self._copied: set[str] = set()

    def copy(self, source: SourceArticle, errors: list[str], warnings: list[str]) -> None:
        if source.relpath not in self._copied:
            self.sink.add_bytes(source.relpath, source.raw, source.mtime)
            self._copied.add(source.relpath)
        if source.document is None:
            reason = source.problem.reason if source.problem else "cannot be read"
            warnings.append(f"{source.path}: copied as it is, without its images ({reason})")
            return
        for reference in dict.fromkeys(image_references(source.document.data)):
            if is_remote(reference):
                continue
            try:
                image = resolve_image(self.root, source, reference)
            except ReadError as missing:
                warnings.append(str(missing))
                continue
            except CuratorError as refused:
                errors.append(str(refused))
                continue
            if image.relpath in self._copied:
                continue
            try:  # read apart from writing: a write failure must fail the whole export
                file = read_image(self.root, source, image)
            except ReadError as missing:
                warnings.append(str(missing))
                continue
            except CuratorError as refused:
                errors.append(str(refused))
                continue
            self.sink.add_bytes(image.relpath, file.data, file.mtime)
            self._copied.add(image.relpath)
