"""One analyst process of the stress test: random review actions for a bounded time."""

from __future__ import annotations

import random
import sys
import time

from incident_review.core.errors import ConflictError, InputError, MergedAwayError
from incident_review.core.model import Claim
from incident_review.services import duplicates as dup
from incident_review.services import review
from incident_review.storage.store import Store


def main(db: str, analyst: str, seconds: float, seed: int) -> None:
    rng = random.Random(seed)
    store = Store(db)
    ids = [f"INC-{i:06d}" for i in range(1, 41)]
    done: list[str] = []
    conflicts = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        a = rng.choice(ids)
        inc = store.get(a)
        if inc is None:
            continue
        action = rng.choice(["confirm", "casualties", "claim", "note", "merge", "unmerge"])
        try:
            if action == "confirm":
                batch = review.set_status(store, inc, rng.choice(["confirmed", "rejected"]), analyst).batch
            elif action == "casualties":
                n = rng.randrange(10)
                batch = review.override_casualties(store, inc, "killed", "all", n, n, n + 2, "stress", analyst).batch
            elif action == "claim":
                claim = Claim("Russian forces", stance="blamed", by=analyst)
                batch = review.add_claim(store, inc, claim, analyst).batch
            elif action == "note":
                batch = review.add_note(store, inc, f"note {rng.random()}", analyst).batch
            elif action == "merge":
                b = rng.choice(ids)
                batch = dup.merge_incidents(store, a, [b], analyst)
            else:
                batch = dup.unmerge(store, a, analyst)
            done.append(batch)
        except (ConflictError, InputError, MergedAwayError):  # refused, nothing written
            conflicts += 1
    store.close()
    print(" ".join(["RESULT", str(conflicts), *done]))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]))
