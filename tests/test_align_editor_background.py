"""The work `edition serve` does in the background after a write gives way to the
alignment's actions: no step starts while one is carried out, and while newer writes keep
coming only the served pages are rendered, the output folder being written after the last."""

import threading

from tests.test_serve import request


def test_rendering_waits_for_an_action_being_carried_out(served):
    srv, app, _project = served
    started, release = threading.Event(), threading.Event()

    def slow(editor):
        started.set()
        release.wait(60)
        return editor.groups()

    acting = threading.Thread(target=app.edit, args=(slow,))
    acting.start()
    assert started.wait(60)
    app.changed({"B-p1-s1"})  # a write made meanwhile (a note, say)
    assert not app.wait_rendered("pages", timeout=3)
    release.set()
    acting.join(60)
    assert app.wait_rendered("files", timeout=60)


def write_made(app) -> int:
    """A write counted as made (not rendered yet): its number."""
    with app._state:
        app._wanted += 1
        return app._wanted


def test_a_write_made_before_its_pages_are_rendered_leaves_them_to_the_next(served):
    _srv, app, _project = served
    first = write_made(app)
    write_made(app)  # the next, made while the first was being collated
    app._render_write(first, {"B-p1-s1"})
    assert app._shown["pages"] < first and app._shown["files"] < first
    assert "B-p1-s1" in app._touched  # rendered in the next turn


def test_the_output_folder_waits_for_the_last_of_quick_writes(served, monkeypatch):
    _srv, app, project = served
    written = []
    refresh_pages, refresh_files = app._refresh_pages, app._refresh_files

    def pages_meanwhile_a_write(touched, version):
        rows = refresh_pages(touched, version)
        write_made(app)
        return rows

    def files(touched, rows):
        written.append(set(app._unwritten or ()) | set(touched or ()))
        refresh_files(touched, rows)

    monkeypatch.setattr(app, "_refresh_pages", pages_meanwhile_a_write)
    monkeypatch.setattr(app, "_refresh_files", files)
    first = write_made(app)
    app._render_write(first, {"B-p1-s1"})
    assert app._shown["pages"] == first and app._shown["files"] < first
    assert written == [] and app._unwritten == {"B-p1-s1"}
    monkeypatch.setattr(app, "_refresh_pages", refresh_pages)
    app._render_write(first + 1, {"C-p1-s1"})
    assert written == [{"B-p1-s1", "C-p1-s1"}] and app._unwritten == set()
    assert app._shown["files"] == first + 1
    assert (project / "output" / "index.html").read_text("utf-8") == app.written["index.html"]


def test_quick_actions_are_all_shown(served):
    srv, app, _project = served
    group = request(srv, "GET", "/api/alignment")[2]["groups"][0]["passages"]
    a = group[0]
    others = [p for p in group if p[0] != a[0]][:2]
    for b in others:
        assert request(srv, "POST", "/api/alignment/forbid", {"passages": [a, b]})[0] == 200
    assert app.wait_rendered("files", timeout=60)
    assert app.edition.alignment is app.editor.run.alignment
    assert (app.out_dir / "index.html").read_text("utf-8") == app.written["index.html"]
