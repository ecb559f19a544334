"""The bundle's ``curator`` executable (PyInstaller runs this script)."""

import sys

from curator_app.cli import main

sys.exit(main())
