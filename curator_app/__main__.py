import sys

from curator_app.app import main

sys.exit(main())
