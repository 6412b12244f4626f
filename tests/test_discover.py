"""`edition discover`: a small corpus made here, searched with the seeds as the query, on the
embedded Dask cluster and on a real `dask scheduler` with two `dask worker`s."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.cli import main
from edition.discover import SchedulerError, discover
from edition.discover.cluster import free_port, loopback_cluster
from edition.manifest import load_manifest

DATA = Path(__file__).resolve().parent / "data" / "discover"


def _book(folder: Path, name: str, story: str | None) -> Path:
    """A book of unrelated prose (an excerpt of al-Nawawi's Adhkar), with a story told in
    its middle."""
    filler = (DATA / "filler.mARkdown").read_text("utf-8")
    head, body = filler.split("#META#Header#End#\n")
    lines = body.strip().split("\n")
    middle = []
    if story:
        text = (DATA / story).read_text("utf-8")
        middle = ["# " + p.strip() for p in text.split("\n\n") if p.strip()]
    half = len(lines) // 2
    path = folder / name
    path.write_text(
        head + "#META#Header#End#\n" + "\n".join(lines[:half] + middle + lines[half:]) + "\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A few short books: one tells the Otrar merchants and the sieges in its own words,
    one names the same places in another story (a description of cities), one has
    nothing; a file that is not UTF-8; and a folder inside the folder."""
    root = tmp_path_factory.mktemp("corpus")
    _book(root, "telling.mARkdown", "telling.txt")
    (root / "more").mkdir()
    _book(root / "more", "places.mARkdown", "places.txt")
    _book(root, "nothing.mARkdown", None)
    shutil.copy(DATA / "broken.txt", root / "broken.txt")
    (root / "README.md").write_text("not a book", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("query")
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", root / "seeds")
    return root / "seeds" / "witnesses.toml"


@pytest.fixture(scope="module")
def embedded(corpus: Path, seeds: Path):
    return discover([corpus], seeds, seeds.parent / "tei", workers=2)


def test_the_telling_ranks_first_and_the_namesake_below(embedded, corpus: Path):
    files = [Path(h.file).name for h in embedded.hits]
    assert files[0] == "telling.mARkdown"
    top = embedded.hits[0]
    assert {"g2", "g6"} <= set(top.episodes)  # the merchants at Otrar, its siege
    assert "أترار" in top.words and "ينال خان" in top.words
    assert all(h.score < top.score / 1.5 for h in embedded.hits[1:])
    assert "nothing.mARkdown" not in files
    # the stretch is where the story was put, in the manifest's vocabulary (the page the
    # marker after it closes)
    assert top.start == top.end == "PageV01P025"
    assert embedded.books == 3 and embedded.words > 9000


def test_an_unreadable_file_is_one_line_and_costs_nothing_else(embedded):
    assert len(embedded.errors) == 1
    assert "broken.txt: is not UTF-8" in embedded.errors[0]
    assert "\n" not in embedded.errors[0]


@pytest.fixture(scope="module")
def cluster():
    """A real Dask cluster on the loopback: `dask scheduler` and two `dask worker`s."""
    with loopback_cluster(2, timeout=60) as address:
        yield address


def test_the_cluster_gives_the_same_hits(corpus: Path, seeds: Path, embedded, cluster: str):
    found = discover([corpus], seeds, seeds.parent / "tei", scheduler=cluster)
    assert [h.as_json() for h in found.hits] == [h.as_json() for h in embedded.hits]
    assert found.errors == embedded.errors


def _discover(corpus: Path, seeds: Path, *options: str):
    """`edition discover CORPUS --manifest SEEDS OPTIONS...` through the CLI."""
    return CliRunner().invoke(main, ["discover", str(corpus), "--manifest", str(seeds), *options])


def test_cli_json_and_add(corpus: Path, seeds: Path, cluster: str):
    result = _discover(corpus, seeds, "--json", "--top", "1", "--scheduler", cluster)
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert [Path(h["file"]).name for h in hits] == ["telling.mARkdown"]
    assert set(hits[0]) >= {"file", "from", "to", "score", "episodes", "words"}
    assert "broken.txt: is not UTF-8" in result.stderr
    added = _discover(corpus, seeds, "--top", "1", "--add", "--scheduler", cluster)
    assert added.exit_code == 0, added.output
    assert "added telling: " in added.output
    new = load_manifest(seeds).witnesses[-1]
    assert new.siglum == "telling" and new.start.name == "PageV01P025"
    built = CliRunner().invoke(main, ["build", "--manifest", str(seeds)])
    assert built.exit_code == 0, built.output
    assert "4 witnesses" in built.output


def test_an_unreachable_scheduler_is_one_clear_error(corpus: Path, seeds: Path, monkeypatch):
    from edition.discover import engine

    monkeypatch.setattr(engine, "CONNECT_TIMEOUT", "1s")  # (the refusal is the same)
    port = free_port()
    started = time.perf_counter()
    with pytest.raises(SchedulerError, match="cannot reach the Dask scheduler"):
        discover([corpus], seeds, seeds.parent / "tei", scheduler=f"tcp://127.0.0.1:{port}")
    result = _discover(corpus, seeds, "--scheduler", f"tcp://127.0.0.1:{port}")
    assert result.exit_code == 1
    assert (
        result.output.count("\n") == 1 and "Error: cannot reach the Dask scheduler" in result.output
    )
    assert time.perf_counter() - started < 60


def test_a_missing_corpus_path_is_one_line(seeds: Path, tmp_path: Path):
    result = CliRunner().invoke(
        main, ["discover", str(tmp_path / "nope"), "--manifest", str(seeds)]
    )
    assert result.exit_code == 1
    assert "nope: not found" in result.output and "Traceback" not in result.output
