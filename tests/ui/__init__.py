"""Tests of the app (ui/) with pytest-qt, on the offscreen platform."""
