"""The bundle's ``curator`` executable (PyInstaller runs this script)."""

from curator_app.cli import run

run()
