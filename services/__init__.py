"""Workflows that join the layers: ingest, import, export, demo.

The CLI and the TUI both call these, so a flow behaves the same from either.
"""
