"""Domain logic: the incident model, extraction, matching, merge rules, YAML contract.

Nothing here imports textual or sqlite: storage and the TUI build on this layer.
"""
