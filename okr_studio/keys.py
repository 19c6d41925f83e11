"""The one key that names an item of a workshop, in the core and in the UI alike.

An item key is the item's kind (its table: ``"unit"``, ``"objective"``,
``"key_result"``, ``"person"``…) and its row id, e.g. ``("objective", 12)``.
Change records name their subject with it, the layout names its cards with it
(an objective, or a unit shown as a placeholder), and the UI selects with it.
"""

from __future__ import annotations

from typing import TypeAlias

ItemKey: TypeAlias = tuple[str, int]

__all__ = ["ItemKey"]
