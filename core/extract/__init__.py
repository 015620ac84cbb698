"""Rule-based incident extraction: pure functions over report text and metadata.

Rules and lexicons come from config/ as the objects of ``core/settings.py`` (see
``rules.Rules``), so this package reads no files and touches no store. Import what you
need from its modules (``pipeline.Extractor``, ``rules.Rules``): this file imports none of
them, since a module of its own (the date rules that core/reports.py uses) would pay for
compiling every rule otherwise.
"""
