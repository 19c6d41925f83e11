"""The overview: the objective tree drawn as vectors, with the canvas's layout.

Cards are measured in points and laid out by :func:`okr_studio.layout.compute_layout`,
so the printed tree has the canvas's shape. The whole tree goes on one page
when its smallest text stays at least ``MIN_TEXT`` points. Otherwise the
overview becomes a map (the top levels, with "+N" badges) followed by one block
per branch under the top. Blocks are packed onto pages in reading order, side
by side and one below the other, so small branches share a page; a branch
larger than a page is cut between cards into windows of about equal size, and
its last window shares its page with the branches after it.

An export of some teams only shows their part of the tree: their objectives and
the chain of objectives above them (:func:`restricted`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from reportlab.platypus import Flowable, PageBreak

from okr_studio.data import WorkshopData
from okr_studio.keys import ItemKey
from okr_studio.layout import Layout, Spacing, compute_layout, subtree_keys, tree_of
from okr_studio.pdf.overview_cards import SMALLEST, Cards
from okr_studio.pdf.overview_page import HEADER_H, Block, OverviewPage, Placed
from okr_studio.pdf.pages import Marker, PageLog
from okr_studio.pdf.text import TextMaker

MIN_TEXT = 7.0  # points: nothing on the overview is printed smaller
MAX_SCALE = 1.2  # a tree that fits one page may be printed larger
PACKED_SCALE = 1.0  # branches that share pages are printed at their natural size
GAP = 14.0  # between blocks on a page
SPACING = Spacing(column_gap=28.0, sibling_gap=7.0, subtree_gap=16.0)


def restricted(data: WorkshopData, units: Sequence[int]) -> WorkshopData:
    """The part of ``data`` an export of ``units`` shows: their objectives, every
    objective on the alignment chains above them, and the units of those."""
    objectives: set[int] = set()
    for unit_id in units:
        for obj in data.objectives_of(unit_id):
            objectives.update(o.id for o, _kr in data.chain(obj.id))
    kept = set(units) | {data.objectives[o].unit_id for o in objectives}
    kept |= {a.id for u in list(kept) for a in data.unit_ancestors(u)}
    return replace(
        data,
        units={k: v for k, v in data.units.items() if k in kept},
        objectives={k: v for k, v in data.objectives.items() if k in objectives},
        key_results={k: v for k, v in data.key_results.items() if v.objective_id in objectives},
    )


def _cuts(
    spans: Iterable[tuple[float, float]], start: float, end: float, tile: float
) -> list[float]:
    """Cut [start, end] into pieces ≤ tile, each as long as it can be, between spans
    where possible."""
    spans = sorted(spans)
    tops = sorted({a for a, _b in spans})
    cuts = [start]
    while end - cuts[-1] > tile + 0.5:
        last = cuts[-1]
        best = None
        for c in tops:
            if c <= last + 1:
                continue
            if c > last + tile:
                break
            if not any(a < c - 0.01 and b > c + 0.01 for a, b in spans if a < c):
                best = c
        cuts.append(best if best is not None else last + tile)
    cuts.append(end)
    return cuts


def _blocks(
    cards: Cards,
    layout: Layout,
    aw: float,
    ah: float,
    caption: str,
    *,
    badges: bool = False,
    bookmark: tuple[str, str, int] | None = None,
    largest: float = PACKED_SCALE,
) -> list[Block]:
    """``layout`` as blocks in reading order: one if it fits a page legibly, else windows."""
    if not layout.boxes:
        return []
    room = ah - (Block.caption_height(caption))
    w, h = max(layout.width, 1.0), max(layout.height, 1.0)
    legible = MIN_TEXT / SMALLEST
    fit = min(aw / w, room / h, largest)
    scale = fit if fit >= legible else max(min(aw / w, PACKED_SCALE), legible)
    boxes = list(layout.boxes.values())
    xs = _cuts([(b.x, b.right) for b in boxes], 0, layout.width, aw / scale)
    ys = _cuts([(b.y, b.bottom) for b in boxes], 0, layout.height, room / scale)
    windows = [
        (xs[i], ys[j], xs[i + 1], ys[j + 1]) for j in range(len(ys) - 1) for i in range(len(xs) - 1)
    ]
    windows = [
        win
        for win in windows
        if any(
            b.x < win[2] and b.right > win[0] and b.y < win[3] and b.bottom > win[1] for b in boxes
        )
    ]
    out = []
    for n, window in enumerate(windows, start=1):
        suffix = f" (part {n} of {len(windows)})" if len(windows) > 1 else ""
        out.append(
            Block(
                cards,
                layout,
                window,
                scale,
                caption + suffix if caption else "",
                badges,
                bookmark if n == 1 else None,
            )
        )
    return out


#: How many blocks ahead a page that is left with room may take a small branch from.
LOOKAHEAD = 3


def pack(blocks: Sequence[Block], aw: float, ah: float) -> list[list[Placed]]:
    """Blocks onto pages in reading order, each at the highest free place of the current
    page (then the leftmost), else on a new page. Before a page is closed with room
    left, a small branch coming soon after (a whole branch in one block) may float
    forward into that room, as a figure does, so no page holds one small card alone."""
    pages: list[list[Placed]] = [[]]
    todo = list(blocks)
    while todo:
        block = todo.pop(0)
        spot = _spot(pages[-1], block.width, block.height, aw, ah)
        if spot is None:
            floated: set[int] = set()
            for i, later in enumerate(todo[:LOOKAHEAD]):
                whole = later.bookmark is not None and (
                    i + 1 == len(todo) or todo[i + 1].bookmark is not None
                )
                room = _spot(pages[-1], later.width, later.height, aw, ah) if whole else None
                if room is not None:
                    pages[-1].append(Placed(later, *room))
                    floated.add(i)
            todo = [b for i, b in enumerate(todo) if i not in floated]
            pages.append([])
            spot = (0.0, 0.0)
        pages[-1].append(Placed(block, *spot))
    return [p for p in pages if p]


def _spot(
    page: list[Placed], w: float, h: float, aw: float, ah: float
) -> tuple[float, float] | None:
    """Where a block w × h fits on ``page`` without touching its blocks: (x, y) or None."""
    best: tuple[float, float] | None = None
    for x in sorted({0.0, *(p.x + p.block.width + GAP for p in page)}):
        if x + w > aw + 0.5:
            continue
        y = max(
            (p.y + p.block.height + GAP for p in page if p.x < x + w and p.x + p.block.width > x),
            default=0.0,
        )
        if y + h <= ah + 0.5 and (best is None or (y, x) < (best[1], best[0])):
            best = (x, y)
    return best


def overview_story(
    data: WorkshopData,
    tm: TextMaker,
    log: PageLog,
    width: float,
    height: float,
    *,
    full: WorkshopData | None = None,
    card_maker: type[Cards] = Cards,
) -> list[Flowable]:
    """The overview pages, each followed by a page break, with their bookmarks.

    ``data`` is what the overview shows; ``full`` the whole workshop when ``data``
    is only a part of it (see :func:`restricted`); ``card_maker`` makes the cards (the
    review booklet's say each objective's score).
    """
    if not data.objectives and not data.units:
        return []
    aw, ah = width, height - HEADER_H - 4
    # many teams' cards packed in the page's shape, never wider than a page at a legible size
    spacing = replace(SPACING, aspect=aw / ah, max_main=aw * SMALLEST / MIN_TEXT)
    cards = _cards(data, tm, full, maker=card_maker)
    whole = compute_layout(data, cards.size, spacing=spacing)
    fit = min(aw / max(whole.width, 1), ah / max(whole.height, 1), MAX_SCALE)
    if fit * SMALLEST >= MIN_TEXT:
        blocks = _blocks(cards, whole, aw, ah, "", largest=MAX_SCALE)
    else:
        branches = [child for root in whole.roots for child in whole.children.get(root, ())]
        map_cards = _cards(data, tm, full, compact=True, maker=card_maker)
        top = compute_layout(data, map_cards.size, spacing=spacing, collapsed=branches)
        blocks = _blocks(map_cards, top, aw, ah, "The top of the tree", badges=True)
        for i, branch in enumerate(branches, start=1):
            name = _branch_name(data, branch)
            caption = f"{i} of {len(branches)}: {name}"
            mark = (f"overview-{i}", name, 1)
            blocks += _branch_blocks(data, cards, spacing, whole, branch, (aw, ah), caption, mark)
    story: list[Flowable] = [Marker(log, "overview", outline=("Overview", 0), section="Overview")]
    for n, placed in enumerate(pack(blocks, aw, ah)):
        title = "Overview" if n == 0 else "Overview (continued)"
        story += [OverviewPage(title, placed, log), PageBreak()]
    return story


def _branch_blocks(
    data: WorkshopData,
    cards: Cards,
    spacing: Spacing,
    whole: Layout,
    key: ItemKey,
    size: tuple[float, float],
    caption: str,
    bookmark: tuple[str, str, int] | None,
) -> list[Block]:
    """One branch as blocks: whole when it fits a page legibly; else its top (the
    branch's card and its children, with "+N" badges) and then each child's own branch,
    so no card is ever cut in two. Only a layout that cannot be split so (a grid of
    many leaves) is cut into windows. ``whole`` (the tree laid out at once) tells the
    size of a branch before it is laid out alone."""
    aw, ah = size
    kids = whole.children.get(key, ())
    deeper = [k for k in kids if whole.children.get(k)]
    boxes = [whole.boxes[k] for k in subtree_keys(whole, key) if k in whole.boxes]
    w = max(b.right for b in boxes) - min(b.x for b in boxes)
    h = max(b.bottom for b in boxes) - min(b.y for b in boxes)
    room = ah - Block.caption_height(caption)
    fit = min(aw / max(w, 1), room / max(h, 1), PACKED_SCALE)
    if fit * SMALLEST >= MIN_TEXT or not deeper:
        sub = compute_layout(data, cards.size, spacing=spacing, only=key)
        return _blocks(cards, sub, aw, ah, caption, bookmark=bookmark)
    head = compute_layout(data, cards.size, spacing=spacing, only=key, collapsed=deeper)
    out = _blocks(cards, head, aw, ah, caption, badges=True, bookmark=bookmark)
    for kid in deeper:
        name = data.unit_of_objective(kid[1]).name if kid[0] == "objective" else ""
        below = f"{caption.split(' — ')[0]} › {name}"
        out += _branch_blocks(data, cards, spacing, whole, kid, size, below, None)
    return out


def _cards(
    data: WorkshopData,
    tm: TextMaker,
    full: WorkshopData | None,
    *,
    compact: bool = False,
    maker: type[Cards] = Cards,
) -> Cards:
    cards = maker(data, tm, compact=compact, full=full)
    _roots, kids = tree_of(data)
    cards.linked = frozenset(
        child for children in kids.values() for child, kr in children if kr is not None
    )
    return cards


def _branch_name(data: WorkshopData, key: ItemKey) -> str:
    kind, ident = key
    unit = data.units[ident] if kind == "unit" else data.unit_of_objective(ident)
    if kind == "objective":
        title = " ".join(data.objectives[ident].title.split())
        short = title if len(title) <= 50 else title[:49] + "…"
        name = f"{unit.name} — {short}" if short else unit.name
    else:
        name = unit.name
    name = " ".join(name.split())
    return name if len(name) <= 90 else name[:89] + "…"
