"""``python -m curator_app [FOLDER]`` opens the main window."""

import sys

from curator_app.launcher import main

sys.exit(main())
