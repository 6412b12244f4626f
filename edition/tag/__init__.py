"""Tagging: persons and places (through the authority file), numbers and dates."""

from edition.tag.authority import Authority, AuthorityEntry, default_authority, read_authority
from edition.tag.tagger import tag_witness

__all__ = ["Authority", "AuthorityEntry", "default_authority", "read_authority", "tag_witness"]
