"""What a user meets in the first minutes: misspelled manifest keys, a second manifest's
output folders, and what `build` and `align` print."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import edition.render as render
from edition.cli import main
from edition.errors import ManifestError
from edition.manifest import load_manifest
from tests.conftest import write_manifest


@pytest.fixture
def other(project: Path, data_dir: Path, monkeypatch) -> Path:
    """A second manifest, `other/witnesses.toml`, in a project holding the seeds (the cwd)."""
    folder = project / "other"
    folder.mkdir()
    shutil.copy(data_dir / "small.txt", folder / "small.txt")
    write_manifest(folder, [{"siglum": "A", "path": "small.txt"}])
    monkeypatch.chdir(project)
    return folder


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


MANIFEST_HEAD = 'title = "T"\n'
WITNESS = '[[witness]]\nsiglum = "A"\npath = "small.txt"\n'


@pytest.mark.parametrize(
    "text, message",
    [
        (
            WITNESS + 'fromat = "text"\n',
            "witness #1: unknown key 'fromat' (did you mean 'format'?)",
        ),
        (
            WITNESS + WITNESS.replace('"A"', '"B"') + 'titel = "x"\n',
            "witness #2: unknown key 'titel' (did you mean 'title'?)",
        ),
        ('titel = "T"\n' + WITNESS, "unknown key 'titel' (did you mean 'title'?)"),
        ('license = "CC-BY"\n' + WITNESS, "unknown key 'license' (did you mean 'licence'?)"),
        ("[[witnes]]\nsiglum = 'A'\n", "unknown key 'witnes' (did you mean 'witness'?)"),
        (
            MANIFEST_HEAD + WITNESS + 'colour = "red"\n',
            "witness #1: unknown key 'colour' "
            "(known keys: siglum, path, format, title, author, date, source, note, from, to)",
        ),
        (
            "zzz = 1\n" + WITNESS,
            "unknown key 'zzz' (known keys: title, editor, licence, witness)",
        ),
    ],
    ids=[
        "witness-format",
        "witness-2-title",
        "top-title",
        "top-licence",
        "witness-table",
        "witness-far",
        "top-far",
    ],
)
def test_an_unknown_manifest_key_is_an_error_naming_it(other, text, message):
    manifest = other / "witnesses.toml"
    manifest.write_text(text, encoding="utf-8")
    r = invoke("build", "--manifest", "other/witnesses.toml")
    assert r.exit_code == 1
    assert r.stderr == f"Error: other/witnesses.toml: {message}\n"
    assert r.stdout == ""
    assert not (other / "output").exists()


def test_the_library_raises_the_unknown_key(tmp_path):
    manifest = tmp_path / "witnesses.toml"
    manifest.write_text(WITNESS + 'fromat = "text"\n', encoding="utf-8")
    with pytest.raises(ManifestError, match=r"unknown key 'fromat' \(did you mean 'format'\?\)"):
        load_manifest(manifest)


def test_every_key_the_loader_reads_is_accepted(tmp_path, data_dir):
    shutil.copy(data_dir / "small.txt", tmp_path / "small.txt")
    fields = ("title", "author", "date", "source", "note")
    entry = WITNESS + 'format = "text"\n' + "".join(f'{f} = "{f}!"\n' for f in fields)
    head = 'title = "T"\neditor = "E"\nlicence = "L"\n'
    (tmp_path / "witnesses.toml").write_text(head + entry, encoding="utf-8")
    m = load_manifest(tmp_path / "witnesses.toml")
    assert (m.title, m.editor, m.licence) == ("T", "E", "L")
    assert m.witnesses[0].bibl == {f: f"{f}!" for f in fields}


def test_another_manifest_builds_beside_itself(other, project):
    r = invoke("build", "--manifest", "other/witnesses.toml")
    assert r.exit_code == 0, r.output
    assert r.stdout.endswith(
        " words: wrote other/output/index.html, other/output/edition.xml "
        "and other/output/apparatus.json\n"
    )
    assert (other / "tei" / "A.xml").exists()
    assert (other / "output" / "apparatus.json").exists()
    assert not (project / "tei").exists() and not (project / "output").exists()


def test_a_given_dir_wins_over_the_manifest_folder(other, project):
    r = invoke("build", "--manifest", "other/witnesses.toml", "--tei-dir", "mytei")
    assert r.exit_code == 0, r.output
    assert (project / "mytei" / "A.xml").exists() and not (other / "tei").exists()
    assert (other / "output" / "edition.xml").exists()


@pytest.mark.parametrize("command", ["encode", "align"])
def test_every_command_with_a_manifest_keeps_its_tei_beside_it(other, project, command):
    r = invoke(command, "--manifest", "other/witnesses.toml")
    assert r.exit_code == 0, r.output
    assert (other / "tei" / "A.xml").exists()
    assert not (project / "tei").exists()


def test_collate_and_render_with_a_manifest_write_beside_it(other, project):
    assert invoke("collate", "--manifest", "other/witnesses.toml").exit_code == 0
    assert invoke("render", "--manifest", "other/witnesses.toml").exit_code == 0
    assert sorted(p.name for p in (other / "output").iterdir()) == ["apparatus.json", "index.html"]
    assert not (project / "output").exists()


def test_build_without_a_manifest_writes_at_the_project_root(project, monkeypatch):
    monkeypatch.chdir(project)
    r = invoke("build")
    assert r.exit_code == 0, r.output
    assert r.stdout == (
        "3 witnesses, 2613 words: "
        "wrote output/index.html, output/edition.xml and output/apparatus.json\n"
    )
    assert (project / "tei" / "A.xml").exists()
    assert not (project / "seeds" / "tei").exists() and not (project / "seeds" / "output").exists()


def test_build_of_a_long_edition_counts_its_pages(project, monkeypatch):
    monkeypatch.chdir(project)
    monkeypatch.setattr(render, "PAGE_ROWS", 8)
    r = invoke("build")
    assert r.exit_code == 0, r.output
    pages = len(list((project / "output").glob("part-*.html")))
    assert pages > 1
    assert r.stdout.endswith(
        f"wrote output/index.html, output/edition.xml, output/apparatus.json "
        f"and {pages} more pages\n"
    )


def test_align_prints_a_header_over_every_column(project, monkeypatch):
    monkeypatch.chdir(project)
    r = invoke("align")
    assert r.exit_code == 0, r.output
    header, *rows = r.stdout.splitlines()
    assert header == "group\tconfidence\tpassages\tlabel"
    assert rows and all(len(row.split("\t")) == 4 for row in rows)
    assert all(row.startswith("g") and float(row.split("\t")[1]) <= 1 for row in rows)
