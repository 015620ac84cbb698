"""The ``incident-review`` command line (click)."""
