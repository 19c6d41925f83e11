"""OKR Studio's tests: ``tests.core`` (no Qt), ``tests.ui`` (pytest-qt) and ``tests.packaging``.

A package, so that tests and benchmarks import shared helpers one way:
``from tests.core.store_helpers import …``, ``from tests.generate import generate``.
"""
