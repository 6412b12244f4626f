"""Domain exceptions. The library raises these; only the CLI turns them into messages."""

from __future__ import annotations

import difflib
from pathlib import Path


class EditionError(Exception):
    """Base class of every error the tool reports to a user."""


class InputError(EditionError):
    """A file given to the tool cannot be used. The message names the file and the fix."""

    def __init__(self, path: str | Path | None, problem: str):
        self.path = str(path) if path is not None else None
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)

    def __reduce__(self):  # raised in a worker process, re-raised in the caller
        return type(self), (self.path, self.problem)


class ManifestError(InputError):
    """The manifest is missing, malformed, or describes witnesses inconsistently."""


class WitnessError(InputError):
    """A witness file cannot be read: missing, not UTF-8, empty, or malformed."""


class TEIError(InputError):
    """A TEI file is not well-formed or lacks what the tool needs."""


class ValidationError(EditionError):
    """A document failed validation; `errors` holds (line, message) pairs."""

    def __init__(self, path: str | Path, errors: list[tuple[int, str]]):
        self.path = str(path)
        self.errors = errors
        first = errors[0] if errors else (0, "invalid")
        super().__init__(f"{self.path}:{first[0]}: {first[1]} ({len(errors)} error(s))")


class NotProposedError(EditionError):
    """A name given to `authority accept` is not among the proposals."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(f"not among the proposals: {name}")

    def __reduce__(self):
        return type(self), (self.name,)


def check_keys(
    path: Path, table: dict, known: tuple[str, ...], where: str, error: type = InputError
) -> None:
    """Refuse a key the file does not know (a misspelling would be silently ignored)."""
    for key in table:
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
        raise error(path, f"{where}unknown key {key!r} ({hint})")
