"""The review booklet: its pages, hostile text, the same scores as ``progress``, safe writes."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from okr_studio import scores, services
from okr_studio.cli import main
from okr_studio.data import WorkshopData
from okr_studio.pdf.export import ExportError
from okr_studio.pdf.review_booklet import export_review_booklet
from okr_studio.sample import write_sample
from okr_studio.store import Workshop
from tests.core._pdf_read import BASE14, HAVE_PDFTOTEXT, fonts_of, outline, pdf_text, squash
from tests.core.review_read import pdf_score, progress_score
from tests.core.store_helpers import folder_listing, make_device, read_only_folder

needs_pdftotext = pytest.mark.skipif(not HAVE_PDFTOTEXT, reason="needs pdftotext")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, WorkshopData, Path]:
    folder = tmp_path_factory.mktemp("review")
    path = write_sample(folder / "sample.okr")
    with Workshop.open(path, read_only=True) as ws:
        data = ws.snapshot()
    pdf = folder / "review.pdf"
    export_review_booklet(data, pdf, workshop_name_for_footer=path.name, paper="a4")
    return path, data, pdf


def test_the_booklet_has_a_scoreboard_an_overview_and_every_team(sample) -> None:
    _path, data, pdf = sample
    marks = outline(pdf)
    titles = [t for _d, t, _p in marks]
    assert titles[:3] == ["Cover", "Scoreboard", "Overview"]
    assert "Review sheets" in titles
    for unit in ("Checkout", "Platform", "Zespół Płatności", "東京チーム"):
        assert unit in titles
    text = squash(pdf_text(pdf))
    assert "OKR REVIEW" in text and "Scoreboard" in text
    # worst first: the red objectives come before the green ones
    worst, *_rest, best = [o for o, s in scores.scoreboard(data) if s.value is not None]
    assert text.index(data.objectives[worst].title[:30]) < text.index(
        data.objectives[best].title[:30]
    )


def test_a_team_sheet_shows_the_review(sample) -> None:
    _path, _data, pdf = sample
    text = squash(pdf_text(pdf))
    for words in (
        "REVIEW SHEET",
        "Anticipated outcome",
        "Actual outcome",
        "Wallet payments nearly doubled",  # Checkout's actual outcome
        "One-tap wallet buttons on the payment step",  # an initiative
        "Live on 8 February; wallet share rose from 22 % to 38 %.",  # its actual outcome
        "Stopped",  # Platform's stopped initiative
        "Learned: We never saw real peak load in testing.",  # a learning note
        "What we learned",
        "Decision for the next cycle: Change",
        "Decision for the next cycle: Drop",
        "22 → 40 → 38 %",  # baseline → target → actual
        "no score",
        "It has no baseline, so its progress cannot be measured.",
    ):
        assert words in text, words


@needs_pdftotext
@pytest.mark.parametrize(
    "title",
    [
        "Raise BLIK share of Polish payments from 12% to 30%",
        "Keep error rate under peak load below 0.5%",
        "Reach a net promoter score of 45 in both new markets",
        "Migrate card payments to the new payment gateway",
        "Cut failed card payments in Poland from 5.1% to 2.5%",
    ],
)
def test_a_key_result_has_the_same_score_in_the_pdf_and_in_progress(
    sample, title: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path, data, pdf = sample
    kr = next(k for k in data.key_results.values() if k.title == title)
    expected = scores.key_result_score(data, kr.id)
    assert main(["progress", str(path), "--key-results"]) == 0
    shown = {
        "progress": progress_score(capsys.readouterr().out, title),
        "pdf": pdf_score(pdf, data, kr.id),
    }
    assert set(shown.values()) == {f"{expected.text} {expected.word}"}, shown


HOSTILE = 'R&D <b>x</b> &amp; <img src="/etc/passwd"/> 🚀 Ελληνικά 山田 زيادة'


def test_hostile_and_long_text_prints_as_typed(tmp_path: Path) -> None:
    path = tmp_path / "hostile.okr"
    # (no emoji in the name: pdftotext garbles them in the document's title)
    with Workshop.create(path, name="Q1 <b>&amp;</b> Ελληνικά", cycle="2027 Q1") as ws:
        unit = services.add_unit(ws, "Équipe <données>", "team").subject[1]
        obj = services.add_objective(ws, unit, HOSTILE, problem=HOSTILE).subject[1]
        kr = services.add_key_result(
            ws, obj, HOSTILE, baseline=1, target=2, unit_of_measure="<%>"
        ).subject[1]
        services.add_check_in(ws, kr, 1.5, date="2027-02-01", comment=HOSTILE)
        services.add_initiative(ws, kr, HOSTILE, link=HOSTILE, actual_outcome=HOSTILE)
        services.review_objective(
            ws,
            obj,
            actual_outcome=HOSTILE + " " + "long " * 2000,
            learned="AT&T\nsecond line",
            decision="keep",
        )
        services.review_key_result(ws, kr, learning_note=HOSTILE)
        data = ws.snapshot()
    pdf = tmp_path / "review.pdf"
    report = export_review_booklet(data, pdf, workshop_name_for_footer="h.okr", paper="letter")
    assert report.pages >= 4
    text = squash(pdf_text(pdf))
    assert "R&D <b>x</b> &amp; <img" in text and "AT&T" in text and "&amp;amp;" not in text
    assert "Équipe <données>" in text and "1 → 2 → 1.5 <%>" in text
    assert all(embedded for name, embedded in fonts_of(pdf).items() if name not in BASE14)
    assert not set(fonts_of(pdf)) & BASE14


def test_an_empty_workshop_prints_a_short_booklet(tmp_path: Path) -> None:
    with Workshop.create(tmp_path / "e.okr") as ws:
        data = ws.snapshot()
    report = export_review_booklet(data, tmp_path / "e.pdf", workshop_name_for_footer="e.okr")
    assert report.pages >= 2 and report.teams == 0
    assert "No team has objectives yet." in pdf_text(tmp_path / "e.pdf")


# ---- the command line ----------------------------------------------------------------------
def test_progress_prints_the_scoreboard(sample, capsys: pytest.CaptureFixture[str]) -> None:
    path, _data, _pdf = sample
    assert main(["progress", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:3] == ["score", "colour", "objective"]
    first = out[1].split()
    assert first[:2] == ["0.29", "red"] and "Diego Álvarez" in out[1]
    assert "Polish merchants hear about us" in out[-3] and out[-3].split()[:3] == [
        "—",
        "no",
        "score",
    ]
    assert "(None of its key results has a check-in yet.)" in out[-2]
    summary = "12 objectives: 11 scored, mean 0.62 (yellow); 2 red, 4 yellow, 5 green, "
    assert out[-1] == summary + "1 with no score."
    assert main(["progress", str(path), "--team", "Platform"]) == 0
    only = capsys.readouterr().out.splitlines()
    assert len(only) == 3 and "Checkout stays fast" in only[1]
    assert main(["progress", str(path), "--team", "Nobody"]) == 1
    assert "no unit named “Nobody”" in capsys.readouterr().err
    assert main(["progress", str(path.with_name("missing.okr"))]) == 1


def test_export_review_writes_the_booklet(sample, tmp_path, capsys) -> None:
    path, _data, _pdf = sample
    out = tmp_path / "review.pdf"
    assert main(["export", str(path), "--review", "-o", str(out), "--team", "Checkout"]) == 0
    assert "review sheets" in capsys.readouterr().out
    assert "Paying on a phone" in pdf_text(out)
    assert main(["export", str(path), "--review", "--per-team", str(tmp_path / "x")]) == 2
    assert "one file" in capsys.readouterr().err


# ---- written safely ----------------------------------------------------------------------
def test_devices_pipes_folders_and_links(sample, tmp_path: Path, capsys) -> None:
    path, data, _pdf = sample
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "pipe.pdf")
    make_device(out / "device.pdf")
    (out / "folder.pdf").mkdir()
    for name in ("pipe.pdf", "device.pdf", "folder.pdf"):
        assert main(["export", str(path), "--review", "-o", str(out / name)]) == 1
        err = capsys.readouterr().err
        assert "not an ordinary file" in err or "is a folder" in err
    (out / "real.pdf").write_bytes(b"old")
    (out / "link.pdf").symlink_to(out / "real.pdf")
    export_review_booklet(data, out / "link.pdf", workshop_name_for_footer="s.okr")
    assert (out / "link.pdf").is_symlink() and (out / "real.pdf").read_bytes()[:5] == b"%PDF-"
    assert folder_listing(out) == ["device.pdf", "folder.pdf", "link.pdf", "pipe.pdf", "real.pdf"]


def test_a_full_disk_and_a_read_only_folder_keep_the_old_file(sample, tmp_path, monkeypatch):
    _path, data, _pdf = sample
    target = tmp_path / "review.pdf"
    target.write_bytes(b"old")
    with read_only_folder(tmp_path) as locked, pytest.raises(ExportError) as info:
        export_review_booklet(data, locked / "review.pdf", workshop_name_for_footer="s.okr")
    assert "review.pdf" in str(info.value)
    from okr_studio import safewrite

    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, fd: int, *args: object, **kw: object) -> None:
            self.fh = real_fdopen(fd, *args, **kw)  # type: ignore[arg-type]

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, _data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safewrite.os, "fdopen", FullDisk)
    with pytest.raises(ExportError, match="disk is full"):
        export_review_booklet(data, target, workshop_name_for_footer="s.okr")
    assert target.read_bytes() == b"old"
    assert folder_listing(tmp_path) == ["review.pdf"]


@needs_pdftotext
def test_an_initiatives_anticipated_outcome_prints_each_part_under_its_label(
    tmp_path: Path,
) -> None:
    """The three parts, each under the words the inspector uses for it (not joined by
    dots), also for a long German text, markup-like text and emoji; missing parts and
    their labels are left out."""
    german = (
        "Die Kundschaft bricht den Bezahlvorgang auf dem Mobiltelefon ab, weil die Eingabe "
        "der Kartendaten umständlich ist und Fehlermeldungen unverständlich sind. "
    ) * 4
    with Workshop.create(tmp_path / "i.okr", name="Q1", cycle="2027 Q1") as ws:
        unit = services.add_unit(ws, "Checkout", "team").subject[1]
        obj = services.add_objective(ws, unit, "Paying on a phone is easy").subject[1]
        kr = services.add_key_result(ws, obj, "Mobile conversion", baseline=2, target=4)
        kr_id = kr.subject[1]
        services.add_initiative(
            ws,
            kr_id,
            "One-tap wallet 🚀",
            problem=german,
            behaviour_change="Kunden zahlen mit einem Tipp <b>& AT&T 😀",
            success_measure="Wallet share from 22 % to 38 %",
        )
        services.add_initiative(ws, kr_id, "Only a measure", success_measure="Fewer calls")
        data = ws.snapshot()
    pdf = tmp_path / "review.pdf"
    export_review_booklet(data, pdf, workshop_name_for_footer="i.okr", paper="a4")
    text = squash(pdf_text(pdf))
    part = text[text.index("Initiatives (2)") :]
    order = [
        "Problem or opportunity",
        "Die Kundschaft bricht den",
        "Behaviour change",
        "Kunden zahlen mit einem Tipp <b>& AT&T",
        "How success is measured",
        "Wallet share from 22 % to 38 %",
        "Only a measure",
        "How success is measured",
        "Fewer calls",
    ]
    at = 0
    for words in order:
        found = part.find(words, at)
        assert found >= 0, f"{words!r} after {part[at : at + 80]!r}"
        at = found + len(words)
    only = part[part.index("Only a measure") :]
    assert "Problem or opportunity" not in only and "Behaviour change" not in only
    assert "38 % · " not in part and " · Kunden" not in part
