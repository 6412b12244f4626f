"""Arabic-aware text handling: normalisation tiers, tokens, number words."""

from edition.arabic.normalize import dediac_ar, normalize_orthographic, skeleton
from edition.arabic.tokens import Token, tokenize

__all__ = ["Token", "dediac_ar", "normalize_orthographic", "skeleton", "tokenize"]
