"""The command line as a user runs it: exit codes and exact messages. The commands run in
this process through click's runner (the working folder set as a user's shell would);
the first test runs a real process, as a user does."""

import contextlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner
from lxml import html

from edition.cli import main
from tests.conftest import write_manifest


class Ran(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def run(*args, cwd) -> Ran:
    """The command run in `cwd`; an exception the command line did not turn into a
    message fails the test with its traceback."""
    with contextlib.chdir(cwd):
        r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return Ran(r.exit_code, r.stdout, r.stderr)


def run_process(*args, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "edition.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_build_with_no_arguments_builds_the_seeds(project):
    r = run_process("build", cwd=project)
    assert r.returncode == 0, r.stderr
    assert (
        r.stdout.strip()
        == "3 witnesses, 2613 words: wrote output/index.html, output/edition.xml and output/apparatus.json"
    )
    assert r.stderr == ""
    for f in (
        "output/index.html",
        "output/edition.xml",
        "tei/A.xml",
        "tei/B.xml",
        "tei/C.xml",
        "tei/authority.xml",
    ):
        assert (project / f).stat().st_size > 1000, f


def test_build_keeps_an_edited_authority_file(project):
    assert run("build", cwd=project).returncode == 0
    auth = project / "tei" / "authority.xml"
    edited = auth.read_text("utf-8").replace(
        '<placeName xml:lang="ar">سمرقند</placeName>',
        '<placeName xml:lang="ar">سمرقند</placeName><placeName xml:lang="ar">مرقندة</placeName>',
    )
    auth.write_text(edited, "utf-8")
    assert run("build", cwd=project).returncode == 0
    assert "مرقندة" in auth.read_text("utf-8")


def _build_with(tmp_path, entries):
    manifest = write_manifest(tmp_path, entries)
    return run(
        "build", "--manifest", str(manifest), "--tei-dir", "tei", "--out", "out", cwd=tmp_path
    )


@pytest.mark.parametrize(
    "data, hint",
    [
        (
            "وصل الرسل إلى السلطان فقتلهم جميعا\n".encode("cp1256"),
            "it reads as Windows-1256 (Arabic): re-save it as UTF-8 (iconv -f cp1256 -t utf-8)",
        ),
        ("café crème à la française\n".encode("latin-1"), "re-save it as UTF-8"),
    ],
)
def test_a_file_not_in_utf8_is_told_how_to_resave_it(tmp_path, data, hint):
    (tmp_path / "old.txt").write_bytes(data)
    r = _build_with(tmp_path, [{"siglum": "A", "path": "old.txt"}])
    assert r.returncode == 1
    bad = data.decode("utf-8", errors="replace").index("\ufffd")
    assert (
        r.stderr
        == f"Error: {tmp_path / 'old.txt'}: is not UTF-8 (bad byte at offset {bad}); {hint}\n"
    )


@pytest.mark.parametrize(
    "name, message",
    [
        ("missing.txt", "file not found (check `path` in the manifest)"),
        (
            "latin1.txt",  # Arabic in Windows-1256, with a Latin word
            "is not UTF-8 (bad byte at offset 0); it reads as Windows-1256 (Arabic): re-save"
            " it as UTF-8 (iconv -f cp1256 -t utf-8)",
        ),
        ("empty.txt", "is empty: a witness needs some text"),
    ],
)
def test_bad_witness_file(tmp_path, data_dir, name, message):
    src = data_dir / name
    if src.exists():
        shutil.copy(src, tmp_path / name)
    r = _build_with(tmp_path, [{"siglum": "A", "path": name}])
    assert r.returncode == 1
    assert r.stderr == f"Error: {tmp_path / name}: {message}\n"
    assert r.stdout == ""
    assert not (tmp_path / "out").exists() and not (tmp_path / "tei").exists()


def test_malformed_tei_witness(tmp_path, data_dir):
    shutil.copy(data_dir / "broken.xml", tmp_path / "broken.xml")
    r = _build_with(tmp_path, [{"siglum": "A", "path": "broken.xml", "format": "tei"}])
    assert r.returncode == 1
    assert r.stderr.startswith(f"Error: {tmp_path / 'broken.xml'}: line 3: not well-formed XML: ")
    assert r.stderr.count("\n") == 1


def test_malformed_manifest(tmp_path, data_dir):
    r = run("build", "--manifest", str(data_dir / "malformed.toml"), cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr.startswith(f"Error: {data_dir / 'malformed.toml'}: malformed TOML: ")
    assert r.stderr.count("\n") == 1


def test_missing_manifest(tmp_path):
    r = run("build", cwd=tmp_path)
    assert r.returncode == 1
    assert (
        r.stderr == "Error: seeds/witnesses.toml: manifest not found (give one with --manifest)\n"
    )


def test_duplicate_siglum(tmp_path, data_dir):
    r = run("build", "--manifest", str(data_dir / "dup_siglum.toml"), cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr == (
        f"Error: {data_dir / 'dup_siglum.toml'}: duplicate siglum 'A': each witness needs its own\n"
    )


def test_unknown_format(tmp_path, data_dir):
    shutil.copy(data_dir / "small.txt", tmp_path / "small.txt")
    r = _build_with(tmp_path, [{"siglum": "A", "path": "small.txt", "format": "docx"}])
    assert r.returncode == 1
    assert (
        r.stderr
        == f"Error: {tmp_path / 'witnesses.toml'}: witness #1: unknown format 'docx' (use one of:"
        " openiti, tei, text)\n"
    )


def test_bad_siglum(tmp_path, data_dir):
    shutil.copy(data_dir / "small.txt", tmp_path / "small.txt")
    r = _build_with(tmp_path, [{"siglum": "1 bad", "path": "small.txt"}])
    assert r.returncode == 1
    assert "siglum '1 bad' must start with a Latin letter (A-Z, a-z)" in r.stderr


def test_build_of_one_witness(tmp_path, data_dir):
    shutil.copy(data_dir / "small.txt", tmp_path / "small.txt")
    r = _build_with(tmp_path, [{"siglum": "A", "path": "small.txt"}])
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("1 witness, ")
    assert r.stdout.endswith(
        " words: wrote out/index.html, out/edition.xml and out/apparatus.json\n"
    )


def test_failed_build_leaves_the_previous_output_intact(project):
    assert run("build", cwd=project).returncode == 0
    before = (project / "output" / "edition.xml").read_bytes()
    (project / "seeds" / "002_130a589fe048d5af.txt").write_bytes(b"\xff\xfe broken")
    r = run("build", cwd=project)
    assert r.returncode == 1
    assert (project / "output" / "edition.xml").read_bytes() == before
    assert not list((project / "output").glob(".*tmp"))


def test_openiti_witness_builds_beside_the_seeds(project, data_dir):
    shutil.copy(data_dir / "chronicle.mARkdown", project / "seeds" / "chronicle.mARkdown")
    with open(project / "seeds" / "witnesses.toml", "a", encoding="utf-8") as f:
        f.write('\n[[witness]]\nsiglum = "D"\npath = "chronicle.mARkdown"\nformat = "openiti"\n')
    r = run("build", cwd=project)
    assert r.returncode == 0, r.stderr
    xml = (project / "output" / "edition.xml").read_text("utf-8")
    assert '<pb n="V01P013"/>' in xml and "PageV" not in xml
    assert "مختصر في أخبار خوارزم" in xml  # title from the OpenITI header


def test_validate_command(seeds_build, data_dir, tmp_path):
    good = run("validate", str(seeds_build / "output" / "edition.xml"), cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    assert good.stdout.strip().endswith("edition.xml: valid (TEI P5 tei_all)")
    bad = run("validate", str(data_dir / "invalid_tei.xml"), cwd=tmp_path)
    assert bad.returncode == 1
    lines = bad.stderr.strip().split("\n")
    assert lines[0].startswith(f"{data_dir / 'invalid_tei.xml'}:12: ")
    assert lines[-1] == "Error: 1 of 1 file(s) not valid TEI"


def test_authority_propose(project):
    r = run("authority", "propose", cwd=project)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().split("\n")
    assert lines[0] == "kind\tname\twitnesses"
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(row) == 3 and row[0] in ("person", "place") for row in rows)


def test_encode_writes_only_tei(project):
    r = run("encode", cwd=project)
    assert r.returncode == 0, r.stderr
    assert sorted(Path(p).name for p in r.stdout.split()) == [
        "A.xml",
        "B.xml",
        "C.xml",
        "authority.xml",
    ]
    assert not (project / "output").exists()


def test_collate_command_counts_variants_and_writes_the_apparatus(project):
    r = run("collate", cwd=project)
    assert r.returncode == 0, r.stderr
    counts = {k: int(n) for k, n in (line.split("\t") for line in r.stdout.strip().split("\n"))}
    data = json.loads((project / "output" / "apparatus.json").read_text("utf-8"))
    apps = [p for g in data["groups"] for p in g["parts"] if "app" in p]
    assert counts == {t: sum(p["type"] == t for p in apps) for t in {p["type"] for p in apps}}
    total = sum(counts.values())
    assert set(counts) <= set(data["types"]), counts
    conflicts = sum(f["conflict"] for g in data["groups"] for f in g["facts"])
    assert r.stderr == (
        f"{len(data['groups'])} groups, {total} variation units, {conflicts} conflicting facts: "
        "wrote output/apparatus.json\n"
    )
    again = run("collate", "--no-cache", "--base", "C", cwd=project)
    assert again.returncode == 0, again.stderr
    assert json.loads((project / "output" / "apparatus.json").read_text("utf-8"))["base"] == "C"


def test_render_writes_only_the_html(project):
    r = run("render", cwd=project)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "wrote output/index.html\n"
    assert sorted(p.name for p in (project / "output").iterdir()) == ["index.html"]
    assert not list((project / "tei").glob("*.xml"))
    page = html.fromstring((project / "output" / "index.html").read_text("utf-8"))
    assert len(page.xpath("//article[contains(@class,'row') and contains(@class,'group')]")) > 3


def test_render_with_a_base_opens_the_apparatus_on_it(project):
    r = run("render", "--base", "C", cwd=project)
    assert r.returncode == 0, r.stderr
    page = html.fromstring((project / "output" / "index.html").read_text("utf-8"))
    assert page.xpath("//article[contains(@class,'base-text')][not(@hidden)]/@id") == ["base-C"]


def test_render_of_a_missing_manifest(tmp_path):
    r = run("render", "--manifest", "nowhere.toml", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr == "Error: nowhere.toml: manifest not found (give one with --manifest)\n"
    assert not (tmp_path / "output").exists()


def test_serve_refuses_a_port_out_of_range_and_one_taken(project):
    import socket

    r = run("serve", "--port", "99999", cwd=project)
    assert r.returncode == 2
    assert "Invalid value for '--port': 99999 is not in the range 0<=x<=65535." in r.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = run("serve", "--port", str(port), cwd=project)
    assert r.returncode == 1
    assert r.stderr == f"Error: cannot listen on 127.0.0.1:{port} (Address already in use)\n"


def test_align_command_lists_groups_and_explains(project):
    r = run("align", cwd=project)
    assert r.returncode == 0, r.stderr
    head, *lines = r.stdout.strip().split("\n")
    assert head.split("\t") == ["group", "confidence", "passages", "label"]
    rows = [line.split("\t") for line in lines]
    assert rows and all(row[0].startswith("g") and len(row) == 4 for row in rows)
    assert r.stderr.strip().endswith("aligned groups; wrote tei/alignment.xml")
    groups = json.loads(run("align", "--json", cwd=project).stdout)
    link = groups[0]["links"][0]
    e = run("align", "--explain", f"{link['a'][0]}:{link['a']}", link["b"], cwd=project)
    assert e.returncode == 0, e.stderr
    assert e.stdout.startswith(f"{link['a']} ~ {link['b']}: ALIGNED")
    assert "standard deviations above unrelated passages" in e.stdout


def test_align_explain_unknown_passage(project):
    r = run("align", "--explain", "B:B-p99-s1", "C:C-p1-s1", cwd=project)
    assert r.returncode == 1
    assert (
        r.stderr == "Error: no passage 'B-p99-s1' (passage ids look like B-p5-s6; see tei/*.xml)\n"
    )


def test_export_plain_text(seeds_build, tmp_path):
    r = run("export", str(seeds_build / "output" / "edition.xml"), "--text", "txt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "txt").iterdir()) == ["A.txt", "B.txt", "C.txt"]


def test_export_from_a_file_that_is_not_an_edition(data_dir, tmp_path):
    r = run("export", str(data_dir / "witness.xml"), "--text", "txt", cwd=tmp_path)
    assert r.returncode == 1
    assert (
        r.stderr
        == f"Error: {data_dir / 'witness.xml'}: no witness texts (text/group/text[@corresp])\n"
    )
    r = run("export", "nowhere.xml", "--text", "txt", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (1, "Error: nowhere.xml: file not found\n")


def test_progress_shows_on_a_terminal_only(capsys, monkeypatch):
    from edition.cli import TerminalProgress

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    p = TerminalProgress()
    for k in range(1, 101):
        p("aligning B with C", k, 100)
    err = capsys.readouterr().err
    assert err.count("\r") == 31 and err.endswith("100/100\n")  # one line per step of the bar
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    quiet = TerminalProgress()
    quiet("collating", 1, 1)
    assert capsys.readouterr().err == ""
