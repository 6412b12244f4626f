"""The package's data files: rules and word lists as JSON (see each file's users)."""

from __future__ import annotations

import json
from importlib import resources


def load_json(name: str):
    """The parsed contents of `edition/data/NAME`."""
    return json.loads(resources.files("edition.data").joinpath(name).read_text("utf-8"))
