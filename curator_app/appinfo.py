"""Who the application is: its id, names and version, in one place.

The version is the package's metadata (``pyproject.toml``), read at run time; the
application id is the reverse-DNS name used by the desktop file, the AppStream
metainfo, the icon names and the settings' organisation.
"""

from __future__ import annotations

from importlib import metadata

APP_ID = "io.github.curator_app.Curator"
APP_NAME = "Curator"
DISTRIBUTION = "curator-app"
HOMEPAGE = "https://github.com/curator-app/curator"
SUMMARY = "Review and publish scraped news articles"


def version() -> str:
    """The installed package's version, or ``unknown`` for a tree that was never installed."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown"
