"""incident-review: turn conflict news reports into a reviewed incident dataset.

The layers live in sibling folders of the repository and are installed under this
namespace: ``incident_review.core`` (domain), ``.storage`` (SQLite), ``.config``
(rules, lexicons, paths), ``.tui`` (Textual) and ``.cli`` (click).
"""

__version__ = "0.1.0"
