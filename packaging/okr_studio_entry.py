"""The program the desktop bundle runs: the ``okr-studio`` command."""

from okr_studio.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
