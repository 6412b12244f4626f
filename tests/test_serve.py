"""`edition serve`: the real server on a free loopback port, over HTTP and in Chromium."""

import http.client
import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from lxml import etree

from edition.annotate import load_store
from edition.serve import MAX_BODY, EditionApp, make_server
from tests.conftest import SEEDS, write_manifest


def _serve(manifest, folder):
    app = EditionApp(manifest, folder / "tei", folder / "output")
    srv = make_server(app, "127.0.0.1", 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, app


@pytest.fixture
def server(project):
    srv, app = _serve(project / "seeds" / "witnesses.toml", project)
    yield srv, app
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def editions_server(tmp_path):
    """Two close editions of one text, so that rows have word-by-word variants."""
    src = (SEEDS / "001_b591f9d4088f33c0.txt").read_text("utf-8")
    (tmp_path / "a.txt").write_text(src, encoding="utf-8")
    (tmp_path / "b.txt").write_text(src.replace("إلى", "الى"), encoding="utf-8")
    write_manifest(tmp_path, [{"siglum": "A", "path": "a.txt"}, {"siglum": "B", "path": "b.txt"}])
    srv, app = _serve(tmp_path / "witnesses.toml", tmp_path)
    yield srv, app
    srv.shutdown()
    srv.server_close()


def request(srv, method, path, body=None, headers=None, raw=None):
    port = srv.server_address[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    hdrs = {"Host": f"127.0.0.1:{port}", **(headers or {})}
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    if body is not None and "Content-Type" not in hdrs:
        hdrs["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=hdrs)
    resp = conn.getresponse()
    payload = resp.read()
    conn.close()
    try:
        parsed = json.loads(payload)
    except (json.JSONDecodeError, UnicodeDecodeError):
        parsed = payload
    return resp.status, dict(resp.getheaders()), parsed


def test_page_and_empty_list(server):
    srv, _ = server
    status, headers, page = request(srv, "GET", "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b'data-api="/api/annotations"' in page and b'id="panel"' in page
    assert request(srv, "GET", "/api/annotations")[2] == []


def test_add_edit_delete(server):
    srv, app = server
    status, headers, ann = request(
        srv,
        "POST",
        "/api/annotations",
        {
            "target": "B-p1-s1",
            "text": "Ibn Khaldun follows Ibn al-Athir here",
            "category": "source",
            "resp": "R",
        },
    )
    assert status == 201 and ann["id"] == "ann1" and headers["Location"] == "/api/annotations/ann1"
    assert request(srv, "GET", "/api/annotations/ann1")[2]["text"].startswith("Ibn Khaldun")
    status, _, ann = request(
        srv, "PUT", "/api/annotations/ann1", {"text": "changed", "category": "other"}
    )
    assert status == 200 and ann["text"] == "changed" and ann["category"] == "other"
    assert b"changed" in request(srv, "GET", "/edition.xml")[2]  # follows without a rebuild
    assert app.wait_rendered(timeout=60)  # and the file written, in the background
    assert "changed" in (app.out_dir / "edition.xml").read_text("utf-8")
    status, _, _ = request(srv, "DELETE", "/api/annotations/ann1")
    assert status == 200 and request(srv, "GET", "/api/annotations")[2] == []
    assert request(srv, "GET", "/api/annotations/ann1")[0] == 404


@pytest.mark.parametrize(
    "method, path, body, headers, raw, status, message",
    [
        (
            "POST",
            "/api/annotations",
            {"target": "nowhere", "text": "x"},
            None,
            None,
            400,
            "unknown target",
        ),
        ("POST", "/api/annotations", {"target": "B-p1-s1", "text": ""}, None, None, 400, "empty"),
        (
            "POST",
            "/api/annotations",
            {"target": "B-p1-s1", "text": "x\u0001"},
            None,
            None,
            400,
            "the annotation text holds a control character",
        ),
        (
            "POST",
            "/api/annotations",
            {"target": "B-p1-s1", "text": "x", "resp": "Ali\u0000"},
            None,
            None,
            400,
            "`resp` holds a control character",
        ),
        (
            "POST",
            "/api/annotations",
            {"target": "B-p1-s1", "text": "x" * 10_001},
            None,
            None,
            400,
            "longer than",
        ),
        (
            "POST",
            "/api/annotations",
            None,
            {"Content-Type": "application/json"},
            b"x" * (MAX_BODY + 1),
            413,
            "larger than",
        ),
        (
            "POST",
            "/api/annotations",
            None,
            {"Content-Type": "text/plain"},
            b"target=x",
            415,
            "JSON",
        ),
        (
            "POST",
            "/api/annotations",
            None,
            {"Content-Type": "application/json"},
            b"{oops",
            400,
            "not valid JSON",
        ),
        (
            "POST",
            "/api/annotations",
            None,
            {"Content-Type": "application/json"},
            b"[1]",
            400,
            "JSON object",
        ),
        ("PATCH", "/api/annotations", None, None, None, 405, "not allowed"),
        ("PUT", "/api/annotations/ann9", {"text": "x"}, None, None, 404, "no annotation"),
        ("DELETE", "/api/annotations/ann9", None, None, None, 404, "no annotation"),
        (
            "POST",
            "/api/annotations",
            {"target": "B-p1-s1", "text": "x"},
            {"Origin": "http://evil.example"},
            None,
            403,
            "cross-site",
        ),
        (
            "POST",
            "/api/annotations",
            {"target": "B-p1-s1", "text": "x"},
            {"Host": "evil.example"},
            None,
            403,
            "Host",
        ),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_written(
    server, method, path, body, headers, raw, status, message
):
    srv, app = server
    got, hdrs, data = request(srv, method, path, body, headers, raw)
    assert got == status and message in data["error"]
    if status == 405:
        assert "Allow" in hdrs
    assert load_store(app.store_path).annotations == []


def test_same_origin_writes_are_accepted(server):
    srv, _ = server
    port = srv.server_address[1]
    status, _, _ = request(
        srv,
        "POST",
        "/api/annotations",
        {"target": "B-p1-s1", "text": "ok"},
        {"Origin": f"http://127.0.0.1:{port}"},
    )
    assert status == 201


def test_fifty_parallel_saves_lose_nothing(server, tei_schema):
    srv, app = server
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(
            pool.map(
                lambda k: request(
                    srv, "POST", "/api/annotations", {"target": "C-p1-s1", "text": f"n{k}"}
                )[0],
                range(50),
            )
        )
    assert results == [201] * 50
    texts = sorted(a.text for a in load_store(app.store_path).annotations)
    assert texts == sorted(f"n{k}" for k in range(50))
    assert tei_schema.validate(etree.parse(str(app.store_path)))


def test_annotating_in_the_browser(browser, editions_server):
    srv, app = editions_server
    port = srv.server_address[1]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.on("dialog", lambda d: d.accept("edited in the page"))
    page.goto(f"http://127.0.0.1:{port}/")
    variant = page.locator(".row.group .var").first
    app_id = variant.get_attribute("data-app")
    variant.click()
    assert page.locator("#panel").is_visible()
    assert page.locator("#panel-target").inner_text() == app_id
    page.fill("#panel-text", "<b>not bold</b> & a copyist's error")
    page.select_option("#panel-category", "copyist-error")
    page.fill("#panel-resp", "Tester")
    page.click("#panel-save")
    page.wait_for_selector("#panel-notes li")
    assert page.locator("#panel-notes li q").inner_text() == "<b>not bold</b> & a copyist's error"
    assert page.locator(".live-mark").count() >= 1
    stored = load_store(app.store_path).annotations
    assert [(a.target, a.category, a.resp) for a in stored] == [(app_id, "copyist-error", "Tester")]
    page.click("#panel-notes li .ann-edit")
    page.wait_for_function(
        "document.querySelector('#panel-notes li q').textContent === 'edited in the page'"
    )
    page.click("#panel-notes li .ann-delete")
    page.wait_for_function("document.querySelectorAll('#panel-notes li').length === 0")
    assert load_store(app.store_path).annotations == []
    # a reload shows what the server has: nothing left
    page.reload()
    assert page.locator(".live-mark").count() == 0
    page.close()


def test_annotating_a_passage_of_a_paraphrase_row(browser, server):
    srv, app = server
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"http://127.0.0.1:{srv.server_address[1]}/")
    cell = page.locator(".row.group .cell[data-passages]").first
    target = cell.get_attribute("data-passages").split()[0]
    cell.click(position={"x": 5, "y": 5})
    assert page.locator("#panel-target").inner_text() == target
    page.fill("#panel-text", "the envoys arrive at Bukhara here, at Nishapur in Ibn Khaldun")
    page.click("#panel-save")
    page.wait_for_selector("#panel-notes li")
    assert [a.target for a in load_store(app.store_path).annotations] == [target]
    page.close()


def test_a_split_edition_is_served_page_by_page(project, monkeypatch):
    import edition.render as render

    monkeypatch.setattr(render, "PAGE_ROWS", 8)
    srv, app = _serve(project / "seeds" / "witnesses.toml", project)
    try:
        status, _, index = request(srv, "GET", "/")
        assert status == 200 and b'href="part-0002.html"' in index
        status, headers, part = request(srv, "GET", "/part-0002.html")
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert b'data-api="/api/annotations"' in part and b'id="panel"' in part
        status, headers, css = request(srv, "GET", "/assets/edition.css")
        assert status == 200 and headers["Content-Type"] == "text/css; charset=utf-8"
        assert b"@font-face" in css
        status, headers, _ = request(srv, "GET", "/assets/edition.js")
        assert status == 200 and headers["Content-Type"].startswith("text/javascript")
        assert request(srv, "GET", "/part-9999.html")[0] == 404
        assert request(srv, "GET", "/../tei/A.xml")[0] == 404
    finally:
        srv.shutdown()
        srv.server_close()


def test_a_note_renders_again_only_the_pages_that_show_it(project, monkeypatch):
    """A split edition served: saving a note renders the index and the page showing its
    target again, and leaves the other pages as they were; what is served and written is
    what a whole new rendering gives."""
    import edition.render as render

    monkeypatch.setattr(render, "PAGE_ROWS", 8)
    srv, app = _serve(project / "seeds" / "witnesses.toml", project)
    try:
        pages = [n for n in app.pages if n.startswith("part-")]
        assert len(pages) >= 3
        status, _, part = request(srv, "GET", f"/{pages[1]}")
        target = re.search(r'data-passages="([^" ]+)', part.decode()).group(1)
        before = dict(app.pages)
        status, _, _ = request(
            srv, "POST", "/api/annotations", {"target": target, "text": "a note on page two"}
        )
        assert status == 201
        # the page is rendered again in the background; asking for it waits for that
        assert "a note on page two" in request(srv, "GET", f"/{pages[1]}")[2].decode()
        assert app.wait_rendered(timeout=60)
        again = [n for n in app.pages if app.pages[n] is not before[n]]
        assert pages[1] in again and "index.html" in again
        assert set(again) <= {"index.html", pages[1]}
        assert "a note on page two" in app.pages[pages[1]]
        # each page says how many writes it shows at least: those re-rendered, the note
        versions = {
            n: re.search(r'data-version="(\d+)"', p).group(1)
            for n, p in app.pages.items()
            if n.endswith(".html")
        }
        assert {n for n, v in versions.items() if v == "1"} == set(again)
        unversioned = {n: re.sub(r' data-version="\d+"', "", p) for n, p in app.pages.items()}
        assert unversioned == render.render_pages(app.edition, api="/api/annotations")
        written = {n: (app.out_dir / n).read_text("utf-8") for n in app.written}
        assert written == render.render_pages(app.edition)
    finally:
        srv.shutdown()
        srv.server_close()


def test_an_output_folder_that_cannot_be_written_does_not_stop_the_server(
    server, monkeypatch, capfd
):
    import edition.pipeline as pipeline

    srv, app = server

    def refuse(*_args, **_kw):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "write_pages", refuse)
    status, _, _ = request(
        srv, "POST", "/api/annotations", {"target": "B-p1-s1", "text": "kept in the store"}
    )
    assert status == 201
    assert app.wait_rendered(timeout=60)
    assert "edition serve: the output was not written:" in capfd.readouterr().err
    page = request(srv, "GET", "/")[2].decode()
    assert "kept in the store" in page  # served all the same
    assert [a["text"] for a in request(srv, "GET", "/api/annotations")[2]] == ["kept in the store"]
    monkeypatch.undo()
    status, _, _ = request(srv, "POST", "/api/annotations", {"target": "A-p1-s1", "text": "next"})
    assert status == 201 and app.wait_rendered(timeout=60)
    written = (app.out_dir / "index.html").read_text("utf-8")
    assert "next" in written and "kept in the store" in written  # the failed write caught up


def test_a_page_that_failed_to_be_written_is_written_with_the_next_note(project, monkeypatch):
    import edition.pipeline as pipeline
    import edition.render as render

    monkeypatch.setattr(render, "PAGE_ROWS", 8)
    srv, app = _serve(project / "seeds" / "witnesses.toml", project)
    try:
        pages = sorted(n for n in app.pages if n.startswith("part-"))
        first, second = (
            re.search(r'data-passages="([^" ]+)', app.pages[name]).group(1)
            for name in (pages[1], pages[2])
        )
        real = pipeline.write_pages

        def refuse(*_args, **_kw):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(pipeline, "write_pages", refuse)
        request(srv, "POST", "/api/annotations", {"target": first, "text": "lost for a while"})
        assert app.wait_rendered(timeout=60)
        monkeypatch.setattr(pipeline, "write_pages", real)
        request(srv, "POST", "/api/annotations", {"target": second, "text": "the next note"})
        assert app.wait_rendered(timeout=60)
        assert "lost for a while" in (app.out_dir / pages[1]).read_text("utf-8")
        assert "the next note" in (app.out_dir / pages[2]).read_text("utf-8")
        on_disk = {n: (app.out_dir / n).read_text("utf-8") for n in app.written}
        assert on_disk == render.render_pages(app.edition)
    finally:
        srv.shutdown()
        srv.server_close()
