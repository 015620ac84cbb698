"""``datasette-metadata``: the metadata Datasette shows beside a store's tables."""

from __future__ import annotations

import click

from incident_review.cli.common import Context
from incident_review.config import datasette


@click.command(name="datasette-metadata")
@click.pass_obj
def datasette_metadata(obj: Context) -> None:
    """Print Datasette metadata for the store: titles, descriptions of every table, view and
    column, and search on live_incidents. ``incident-review datasette-metadata > metadata.yml``
    then ``datasette incidents.db -m metadata.yml``. Datasette names a database by its
    file's stem, so the tables are filed under the store's (--db)."""
    obj.announce()  # on stderr: the metadata on stdout stays clean YAML
    click.echo(datasette.metadata_text(obj.db_path.stem), nl=False)


COMMANDS = (datasette_metadata,)
