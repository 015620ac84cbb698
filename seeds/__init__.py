"""Bundled seed reports for ``incident-review demo`` (package data, read via importlib.resources)."""
