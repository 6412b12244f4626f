"""Rendering a long edition does the whole edition's work once, not once a page."""

import pytest

import edition.render as render
from edition.pipeline import align, collate, encode


@pytest.fixture(scope="module")
def seeds_edition(tmp_path_factory, seeds_dir):
    tei = tmp_path_factory.mktemp("speed-render") / "tei"
    return collate(align(encode(seeds_dir / "witnesses.toml", tei)))


def test_the_default_base_is_counted_once_for_all_pages(seeds_edition, monkeypatch):
    """It counts every aligned word of every witness: on a long book, once a page cost
    more than the pages themselves (21 s of a 37-page edition of 900,000 words)."""
    calls = []
    real = render.default_base

    def counted(edition):
        calls.append(1)
        return real(edition)

    monkeypatch.setattr(render, "default_base", counted)
    pages = render.render_pages(seeds_edition, page_rows=4)
    parts = [name for name in pages if name.startswith("part-")]
    assert len(parts) >= 5
    assert len(calls) <= 2, f"default_base computed {len(calls)} times for {len(parts)} pages"
    assert all(f'value="{real(seeds_edition)}" selected' in pages[p] for p in parts)
