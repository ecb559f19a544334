"""The ``curator-app`` command: check the machine, then import Qt and open the window.

Qt aborts when its platform plugin cannot load, and a missing QtGui library fails the
first import; so this module imports nothing from Qt before ``system_check`` has said
that a window can open (or named what to install, exiting with status 3).
"""

from __future__ import annotations

import sys

from curator_app.system_check import EXIT_NO_WINDOW, check_display

QUICK_OPTIONS = {"--self-test", "--version", "--help", "-h"}  # no window: nothing to check


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):  # a bundle's parsing processes start through here
        import multiprocessing

        multiprocessing.freeze_support()
    args = sys.argv[1:] if argv is None else argv
    if not QUICK_OPTIONS.intersection(args):
        problem = check_display()
        if problem is not None:
            print(problem, file=sys.stderr)
            return EXIT_NO_WINDOW
    from curator_app.app import main as app_main  # the first import of QtGui

    return app_main(args)


if __name__ == "__main__":
    sys.exit(main())
