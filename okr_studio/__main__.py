"""``python -m okr_studio``: the same as the ``okr-studio`` command."""

from okr_studio.cli import main

raise SystemExit(main())
