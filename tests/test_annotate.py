"""Annotations: the TEI store, the command line, escaping, concurrency, re-anchoring."""

import json
import shutil
import threading
from pathlib import Path

import pytest
from lxml import etree, html

from edition.annotate import AnnotationError, TargetIndex, load_store
from edition.annotate.store import MAX_TEXT, add, edit, remove
from edition.pipeline import align, build, collate, encode
from edition.tei.ns import NS
from tests.test_cli import run


@pytest.fixture
def edition_project(project):
    ed = collate(align(encode(project / "seeds" / "witnesses.toml", project / "tei")))
    return project, TargetIndex.from_edition(ed), ed


def _store(project):
    return project / "tei" / "annotations.xml"


def test_add_edit_remove_in_valid_tei(edition_project, tei_schema):
    project, index, ed = edition_project
    app = ed.apparatus.groups[0].apps[0].id
    a = add(
        _store(project), index, app, "Ibn Khaldun follows Ibn al-Athir here", "source", "R. Amitai"
    )
    b = add(
        _store(project),
        index,
        ed.witnesses[1].passages[0].id,
        "date wrong by two years",
        "chronology",
    )
    assert (a.id, b.id) == ("ann1", "ann2") and a.kind == "app" and a.when.endswith("Z")
    edit(_store(project), "ann1", text="Ibn Khaldun abridges Ibn al-Athir here")
    remove(_store(project), "ann2")
    store = load_store(_store(project))
    assert [(x.id, x.text, x.category, x.resp) for x in store.annotations] == [
        ("ann1", "Ibn Khaldun abridges Ibn al-Athir here", "source", "R. Amitai")
    ]
    assert tei_schema.validate(etree.parse(str(_store(project))))


@pytest.mark.parametrize(
    "target, text, category, message",
    [
        ("nowhere", "x", None, "unknown target 'nowhere'"),
        ("A", "   ", None, "the annotation text is empty"),
        ("A", "x" * (MAX_TEXT + 1), None, f"longer than {MAX_TEXT} characters"),
        ("A", "x", "gossip", "unknown category 'gossip'"),
    ],
)
def test_bad_annotations_are_refused_and_nothing_is_written(
    edition_project, target, text, category, message
):
    project, index, _ = edition_project
    with pytest.raises(AnnotationError, match=message):
        add(_store(project), index, target, text, category)
    assert not _store(project).exists()


def test_unknown_annotation_id(edition_project):
    project, _, _ = edition_project
    with pytest.raises(AnnotationError, match="no annotation 'ann9'") as info:
        remove(_store(project), "ann9")
    assert info.value.status == 404


def test_markup_in_notes_is_kept_as_typed_and_files_stay_valid(edition_project, tei_schema):
    project, index, ed = edition_project
    nasty = '<script>alert(1)</script> ]]> & "quotes" <!-- x -->'
    add(_store(project), index, ed.alignment.groups[0].id, nasty)
    assert load_store(_store(project)).annotations[0].text == nasty
    build(project / "seeds" / "witnesses.toml", project / "tei", project / "output")
    xml = etree.parse(str(project / "output" / "edition.xml"))
    assert tei_schema.validate(xml)
    notes = xml.xpath("//tei:listAnnotation/tei:annotation/tei:note/text()", namespaces=NS)
    assert notes == [nasty]
    page = (project / "output" / "index.html").read_text("utf-8")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    doc = html.fromstring(page)
    listed = doc.xpath("//section[@class='annotation-list']//li")
    assert len(listed) == 1 and nasty in listed[0].text_content()
    assert listed[0].xpath(".//a/@href") == [f"#row-{ed.alignment.groups[0].id}"]


def test_concurrent_saves_lose_nothing(edition_project, tei_schema):
    project, index, ed = edition_project
    targets = [p.id for w in ed.witnesses for p in w.passages][:10]
    errors = []

    def writer(k):
        try:
            add(_store(project), index, targets[k % len(targets)], f"note {k}", resp=f"t{k}")
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = load_store(_store(project))
    assert sorted(a.text for a in store.annotations) == sorted(f"note {k}" for k in range(50))
    assert len({a.id for a in store.annotations}) == 50
    assert tei_schema.validate(etree.parse(str(_store(project))))


def test_rebuild_keeps_what_still_exists_and_orphans_what_does_not(edition_project):
    project, index, ed = edition_project
    manifest = project / "seeds" / "witnesses.toml"
    c_passages = [p for p in ed.witnesses[2].passages]
    kept_passage = c_passages[-1]
    lost_passage = c_passages[0]
    kept = add(_store(project), index, kept_passage.id, "keep me")
    lost = add(_store(project), index, lost_passage.id, "lose me")
    # the witness changes: its first clause is rewritten, and a new sentence precedes it all
    seed = project / "seeds" / "002_130a589fe048d5af.txt"
    text = seed.read_text("utf-8")
    seed.write_text(
        "وهذا خبر جديد في أول الكتاب. " + text.replace(lost_passage.text, "نص آخر مكانه تماما"),
        encoding="utf-8",
    )
    again = build(manifest, project / "tei", project / "output")
    by_id = {a.id: a for a in again.annotations}
    assert by_id[kept.id].status == "ok"
    new_ids = {p.id: p.text for p in again.witnesses[2].passages}
    assert new_ids[by_id[kept.id].target] == kept_passage.text  # followed its text
    assert by_id[lost.id].status == "orphaned"  # reported, never dropped
    assert {a.id for a in load_store(_store(project)).annotations} == {kept.id, lost.id}
    xml = etree.parse(str(project / "output" / "edition.xml"))
    exported = xml.xpath("//tei:annotation/@xml:id", namespaces=NS)
    assert exported == [kept.id]


_cli = run


def test_annotate_command_line(project):
    r = _cli(
        "annotate",
        "add",
        "B-p1-s1",
        "a note",
        "--category",
        "interpretation",
        "--resp",
        "Me",
        cwd=project,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout == "ann1\n"
    listed = json.loads(_cli("annotate", "list", "--json", cwd=project).stdout)
    assert listed[0]["target"] == "B-p1-s1" and listed[0]["resp"] == "Me"
    bad = _cli("annotate", "add", "Z-p1-s1", "x", cwd=project)
    assert bad.returncode == 1
    assert bad.stderr == "Error: unknown target 'Z-p1-s1': give an xml:id of edition.xml\n"
    assert _cli("annotate", "remove", "ann1", cwd=project).stdout == "ann1\n"
    gone = _cli("annotate", "remove", "ann1", cwd=project)
    assert gone.returncode == 1 and gone.stderr == "Error: no annotation 'ann1'\n"


def test_orphans_are_reported_by_build(project):
    assert _cli("annotate", "add", "C-p1-s1", "on the first passage", cwd=project).returncode == 0
    seed = project / "seeds" / "002_130a589fe048d5af.txt"
    seed.write_text(
        seed.read_text("utf-8").replace("بلاد الجبل وسار", "كلام مختلف كليا عن"), "utf-8"
    )
    r = _cli("build", cwd=project)
    assert r.returncode == 0, r.stderr
    assert "annotation ann1 is orphaned: its target C-p1-s1" in r.stderr


def test_a_project_folder_of_its_own(tmp_path):
    """A scholar's folder holding its witnesses.toml: `edition build` there builds it, and
    the annotation commands find its tei/ from anywhere with --manifest."""
    folder = tmp_path / "mine"
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", folder)
    r = _cli("build", cwd=folder)
    assert r.returncode == 0, r.stderr
    assert (folder / "output" / "index.html").is_file() and (folder / "tei").is_dir()
    assert _cli("annotate", "add", "B-p1-s1", "a note", cwd=folder).stdout == "ann1\n"
    manifest = str(folder / "witnesses.toml")
    listed = _cli("annotate", "list", "--json", "--manifest", manifest, cwd=tmp_path)
    assert [a["id"] for a in json.loads(listed.stdout)] == ["ann1"]
    assert _cli("annotate", "remove", "ann1", "--manifest", manifest, cwd=tmp_path).stdout == (
        "ann1\n"
    )


def test_annotations_asked_where_no_edition_was_built(tmp_path):
    r = _cli("annotate", "list", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr == (
        "Error: tei: no such folder: run where the edition was built, or give --manifest or"
        " --tei-dir\n"
    )
