"""The bundle's ``curator-app`` executable (PyInstaller runs this script)."""

import sys

from curator_app.launcher import main

sys.exit(main())
