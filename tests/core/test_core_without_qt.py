"""The core works in a process where importing PySide6 is impossible.

A subprocess installs a meta path finder that refuses PySide6 and shiboken6
(and the other Qt bindings) before anything else is imported, proves the
refusal works, then imports every module of ``okr_studio``, creates, edits,
checks (coach and ``okr-studio check``), saves (Save As), reopens and exports a
workshop, and finally checks that no Qt module was loaded.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import importlib
    import importlib.abc
    import pkgutil
    import sys

    BLOCKED = {"PySide6", "shiboken6", "PySide2", "shiboken2", "PyQt5", "PyQt6"}

    class NoQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in BLOCKED:
                raise ImportError(f"{name} cannot be imported in this process")
            return None

    sys.meta_path.insert(0, NoQt())
    try:
        import PySide6  # noqa: F401
    except ImportError:
        pass
    else:
        raise SystemExit("the Qt blocker does not work")

    from pathlib import Path

    import okr_studio

    modules = []
    for info in pkgutil.walk_packages(okr_studio.__path__, "okr_studio."):
        if info.name.rsplit(".", 1)[-1] == "__main__":
            continue  # running it would start the command
        importlib.import_module(info.name)
        modules.append(info.name)

    from okr_studio import coach, services
    from okr_studio.cli import main as cli_main
    from okr_studio.store import Workshop

    folder = Path(sys.argv[1])
    ws = Workshop.create(folder / "no qt.okr", name="Offsite", cycle="2027 Q1")
    company = services.add_unit(ws, "Acme", "company").subject[1]
    team = services.add_unit(ws, "Team Ωmega", "team", company).subject[1]
    top = services.add_objective(ws, company, "Customers stay with us", owner_name="Ana").subject[1]
    kr = services.add_key_result(ws, top, "Raise retention", baseline=80, target=88).subject[1]
    change = services.cascade(
        ws,
        kr,
        team,
        {"title": "Onboarding that sticks", "owner_name": "Bo"},
        [{"title": f"Cut support tickets by {n}%", "baseline": 100, "target": 100 - n}
         for n in (5, 10, 15)],
    )
    services.update_info(ws, facilitator="Zoë")
    services.undo(ws, change)
    services.redo(ws, change)
    findings = coach.check(ws.snapshot())
    copy = ws.save_as(folder / "saved copy.okr")
    copy.close()
    with Workshop.open(folder / "saved copy.okr", read_only=True) as again:
        data = again.snapshot()
    assert data.info.facilitator == "Zoë"
    assert len(data.objectives) == 2 and len(data.key_results) == 4
    assert data.objectives[change.subject[1]].parent_kr_id == kr
    status = cli_main(["check", str(folder / "saved copy.okr")])
    assert status in (0, 1), status
    from okr_studio.pdf import export_booklet

    report = export_booklet(data, folder / "sheets.pdf", workshop_name_for_footer="saved copy.okr")
    assert report.pages >= 1 and (folder / "sheets.pdf").stat().st_size > 0

    loaded = sorted(m for m in sys.modules if m.partition(".")[0] in BLOCKED)
    assert not loaded, loaded
    print(f"OK modules={len(modules)} findings={len(findings)} pages={report.pages}")
    """
)


def test_core_runs_where_pyside6_cannot_be_imported(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout + run.stderr[-4000:]
    last = run.stdout.strip().splitlines()[-1]
    assert last.startswith("OK "), run.stdout
    print(f"\nwithout Qt: {last}")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["no qt.okr", "saved copy.okr", "sheets.pdf"], names
