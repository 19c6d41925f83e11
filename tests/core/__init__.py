"""Tests of the core (okr_studio/): never import Qt."""
