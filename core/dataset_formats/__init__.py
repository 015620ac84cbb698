"""Reading the datasets analysts have (ACLED, UCDP GED, Bellingcat's TimeMap, CIR's Eyes on
Russia, any CSV with a column mapping) into incidents.

Each format is a reader (file text -> records, each with where it was: ``line 17`` or
``record 12``) and a builder (record -> incident). A bad record raises ``InputError``
naming the file and the record; what the builder had to decide for the analyst (figures
out of order, a misspelt country read as a known one) is a warning on the record. The
service (``services/dataset_import.py``) decides whether a bad record refuses the file or
is skipped and reported.
"""
