"""`edition serve`: the edition on a local web server, with an annotation panel and a JSON
API for annotations (GET/POST /api/annotations, PUT/DELETE /api/annotations/{id}), and a
panel and API to correct the alignment (GET /api/alignment, /api/alignment/candidates,
POST /api/alignment/pin, forbid, confirm, split, join, undo: see `edition.align.editing`).

Writes are refused (403) when the request's Host is not this server's own loopback address
(DNS rebinding) or its Origin names another site (cross-site requests); requests without an
Origin (scripts, curl) are accepted. A write is answered once the store is saved (atomically);
the pages and edition.xml are then rendered again from the edition in memory (no
re-alignment), in the background, and a request for a page or edition.xml waits for that.
The background work gives way to the alignment's actions: it starts no step while one is
being carried out, and while newer writes keep coming it renders only the served pages,
writing the output folder once they stop.
"""

from __future__ import annotations

import json
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from edition.align.editing import AlignmentEditor, EditError
from edition.annotate import AnnotationError, TargetIndex, load_store
from edition.annotate.store import add, edit, remove
from edition.errors import EditionError
from edition.io import atomic_write_bytes, xml_bytes

MAX_BODY = 64 * 1024
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
_CONTENT_TYPES = {"html": "text/html", "css": "text/css", "js": "text/javascript"}
_ANN_PATH = re.compile(r"^/api/annotations/(?P<id>[A-Za-z0-9_.-]+)$")
ALIGN = "/api/alignment"


# the alignment's actions: the keys each takes from the body, in the order the editor's
# method of that name takes them
_ACTIONS: dict[str, tuple[str, ...]] = {
    "pin": ("passages", "resp"),
    "forbid": ("passages", "resp"),
    "confirm": ("passage", "passages", "resp"),
    "split": ("passage", "word", "before", "resp"),
    "join": ("passages", "resp"),
    "undo": (),
}


def act(editor: AlignmentEditor, action: str, data: dict) -> list[dict]:
    """Carry out an action of the editor with what the body gives; the groups after it."""
    return getattr(editor, action)(*(data.get(key) for key in _ACTIONS[action]))


# what the alignment answers to GET, by the path after ALIGN (`passage`: the query's)
_VIEWS: dict[str, Callable[[AlignmentEditor, str], object]] = {
    "": lambda e, _pid: {"groups": e.groups()},
    "/candidates": lambda e, pid: e.candidates(pid),
    "/passage": lambda e, pid: e.passage(pid),
    "/stale": lambda e, _pid: {"stale": e.stale},
}


def unknown_key(data: dict, action: str) -> str | None:
    """What is wrong with a key the action does not take (a misspelt one would be ignored)."""
    known = _ACTIONS[action]
    for key in data:
        if key not in known:
            takes = f"it takes {', '.join(known)}" if known else "it takes none"
            return f"unknown key {key!r} for {action} ({takes})"
    return None


class EditionApp:
    """The edition in memory, and what the server does with it.

    A write is answered as soon as the store is saved; the pages and edition.xml are then
    rendered again in the background (only the index and the pages showing what changed),
    and a request for a page or edition.xml waits until every write before it is shown."""

    def __init__(self, manifest: Path, tei_dir: Path, out_dir: Path):
        from edition.pipeline import ANNOTATIONS_FILE, build

        self.manifest, self.tei_dir, self.out_dir = Path(manifest), Path(tei_dir), Path(out_dir)
        self.edition = build(manifest, tei_dir, out_dir)
        self._editor: AlignmentEditor | None = None  # made on first use (it scores all pairs)
        self._editor_lock = threading.Lock()
        self._realigned = False  # an action changed the alignment: collate before rendering
        self.index = TargetIndex.from_edition(self.edition)
        self.store_path = self.tei_dir / ANNOTATIONS_FILE
        self.lock = threading.Lock()  # one rendering at a time
        self.pages: dict[str, str] = self._render(None, {})  # served (with the panel)
        self.written = self._read_written()  # the pages last written to out_dir
        self._unwritten: set[str] | None = set()  # targets of writes not yet on disk
        self._state = threading.Condition()
        self._wanted = 0  # writes made
        self._shown = {"pages": 0, "files": 0}  # writes in the served pages, on disk
        self._touched: set[str] | None = set()  # what they changed (None: anything)
        self._rendering = False
        self._acting = 0  # actions on the alignment being carried out

    @property
    def version(self) -> int:
        """How many writes (notes, actions on the alignment) have been made: a tab that
        has shown fewer has others' to take in."""
        with self._state:
            return self._wanted

    def _read_written(self) -> dict[str, str] | None:
        """The pages `build` has just written, as written (None if one is missing: then all
        are written again after the first write)."""
        found = {}
        for name in self.pages:  # the same files as those served
            path = self.out_dir / name
            if not path.is_file():
                return None
            found[name] = path.read_text("utf-8")
        return found

    def _render(self, touched: set[str] | None, previous: dict[str, str], rows=None, version=0):
        """The served pages, showing the first `version` writes."""
        from edition.render import render_pages

        return render_pages(
            self.edition,
            api="/api/annotations",
            touched=touched,
            previous=previous,
            rows=rows,
            version=version,
        )

    def changed(self, touched: set[str] | None = None) -> int:
        """A write was made (annotations on `touched` targets; None: it may be anything):
        render again in the background. Its number among the writes (the version)."""
        with self._state:
            self._wanted += 1
            self._touched = _union(self._touched, touched)
            if not self._rendering:
                self._rendering = True
                threading.Thread(target=self._render_writes, daemon=True).start()
            return self._wanted

    def _render_writes(self) -> None:
        try:
            while True:
                with self._state:
                    if self._shown["files"] >= self._wanted:
                        # in the same hold of the lock as the test: a write made after it
                        # starts a new thread
                        self._rendering = False
                        return
                    wanted, touched, self._touched = self._wanted, self._touched, set()
                self._render_write(wanted, touched)
        except BaseException:  # a bug: the next write starts a new thread
            with self._state:
                self._rendering = False
            raise

    def _render_write(self, wanted: int, touched: set[str] | None) -> None:
        """Show the first `wanted` writes: collate (after an action), render the served
        pages, write the output folder; what is left when a newer write came meanwhile is
        done in its turn."""
        shown = {"pages": True, "files": True}  # marked so at the end (on an error too)
        try:
            with self.lock:
                self._wait_no_action()
                if self._realigned:
                    self._collate_again()
                if self._superseded(wanted):
                    with self._state:
                        self._touched = _union(self._touched, touched)
                    shown["pages"] = shown["files"] = False
                    return
                self._wait_no_action()
                rows = self._refresh_pages(touched, wanted)
                self._done("pages", wanted)  # served before the files are written
                if self._superseded(wanted):
                    self._unwritten = _union(self._unwritten, touched)
                    shown["files"] = False
                    return
                self._wait_no_action()
                self._refresh_files(touched, rows)
        except OSError as e:  # the output folder: the server goes on
            print(f"edition serve: the output was not written: {e}", file=sys.stderr)
        finally:
            for what in (w for w, done in shown.items() if done):
                self._done(what, wanted)

    def _superseded(self, wanted: int) -> bool:
        with self._state:
            return self._wanted > wanted

    def _wait_no_action(self) -> None:
        """Wait until no action on the alignment is being carried out (they are answered
        first: the background work would take half the processor from them)."""
        with self._state:
            self._state.wait_for(lambda: not self._acting)

    def _done(self, what: str, wanted: int) -> None:
        with self._state:
            self._shown[what] = max(self._shown[what], wanted)
            self._state.notify_all()

    def wait_rendered(self, what: str = "files", timeout: float | None = None) -> bool:
        """Wait until every write made so far is in the served pages (`pages`), or in them
        and in the files written to the output folder (`files`: pages and edition.xml)."""
        with self._state:
            return self._state.wait_for(lambda: self._shown[what] >= self._wanted, timeout)

    def _refresh_pages(self, touched: set[str] | None, version: int) -> list:
        from edition.render import edition_rows

        if self._realigned:
            self._collate_again()
        store = load_store(self.store_path)
        self.edition.annotations = store.annotations
        self.edition.annotation_categories = store.categories
        rows = edition_rows(self.edition)
        self.pages = self._render(touched, self.pages, rows, version)
        return rows

    def _refresh_files(self, touched: set[str] | None, rows: list) -> None:
        from edition.pipeline import edition_document, write_pages
        from edition.render import render_pages

        # what an earlier write that failed had changed is written now too
        touched = self._unwritten = _union(self._unwritten, touched)
        before = self.written
        pages = render_pages(self.edition, touched=touched, previous=before, rows=rows)
        changed = {n for n, page in pages.items() if before is None or before.get(n) is not page}
        write_pages(pages, self.out_dir, changed)
        self.written = pages  # only once written
        atomic_write_bytes(self.out_dir / "edition.xml", xml_bytes(edition_document(self.edition)))
        if self._alignment_unwritten:
            self._write_alignment_files()
        self._unwritten = set()

    def annotations(self) -> list[dict]:
        return [a.as_dict() for a in load_store(self.store_path).annotations]

    # --- correcting the alignment ---------------------------------------------------------
    _alignment_unwritten = False

    @property
    def editor(self) -> AlignmentEditor:
        """The alignment editor, made on first use from the edition being served."""
        with self._editor_lock:
            if self._editor is None:
                from edition.pipeline import OVERRIDES_FILE

                self._editor = AlignmentEditor(
                    self.edition.witnesses,
                    self.edition.authority,
                    self.tei_dir / OVERRIDES_FILE,
                    encoder=self._encode,
                )
            return self._editor

    def _encode(self):
        from edition.cache import CACHE_DIR
        from edition.pipeline import encode

        return encode(self.manifest, self.tei_dir, cache_dir=self.tei_dir / CACHE_DIR).witnesses

    def edit(self, action) -> tuple[list[dict], int]:
        """Carry out an action of the editor, then collate and render again in the
        background; the groups, and the action's number among the writes."""
        with self._state:
            self._acting += 1
        done = False
        try:
            groups = action(self.editor)
            done = True
        finally:
            with self._state:  # in one hold: the background sees the action done and counted
                self._acting -= 1
                if done:
                    self._realigned = True
                    version = self.changed(None)
                self._state.notify_all()
        return groups, version

    def _collate_again(self) -> None:
        """The edition with the editor's alignment: groups whose texts did not change are
        taken from the collation cache; annotations follow their targets."""
        from edition.cache import CACHE_DIR
        from edition.pipeline import annotate, collate

        editor = self.editor
        with editor.lock:
            with self._state:
                self._realigned = False
            edition = replace(
                self.edition,
                witnesses=editor.witnesses,
                overrides=editor.overrides,
                align_run=editor.run,
                apparatus=None,
            )
        collate(edition, cache_dir=self.tei_dir / CACHE_DIR)
        annotate(edition, self.tei_dir)
        self.edition, self.index = edition, TargetIndex.from_edition(edition)
        self._alignment_unwritten = True

    def _write_alignment_files(self) -> None:
        from edition.pipeline import apparatus_json, write_tei

        write_tei(self.edition, self.tei_dir)
        atomic_write_bytes(self.out_dir / "apparatus.json", apparatus_json(self.edition))
        self._alignment_unwritten = False


def _union(a: set[str] | None, b: set[str] | None) -> set[str] | None:
    """What two writes changed together (None: anything)."""
    return None if a is None or b is None else a | b


class Handler(BaseHTTPRequestHandler):
    server_version = "edition"
    app: EditionApp  # set on the subclass made by make_server

    # --- plumbing -------------------------------------------------------------------
    def log_message(self, fmt: str, *args) -> None:  # quiet: no access log on stderr
        return

    def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, data, extra: dict | None = None) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8", extra)

    def _error(self, status: int, message: str, extra: dict | None = None) -> None:
        self._json(status, {"error": message}, extra)

    def _own_host(self) -> bool:
        port = self.server.server_address[1]
        host = self.headers.get("Host", "")
        return host in {f"{h}:{port}" for h in LOOPBACK_HOSTS}

    def _same_origin(self) -> bool:
        origin = self.headers.get("Origin")
        if origin is None:
            return True  # scripts and curl send none
        port = self.server.server_address[1]
        return origin in {f"http://{h}:{port}" for h in LOOPBACK_HOSTS}

    def _guard_write(self) -> bool:
        if not self._own_host():
            self._error(403, "Host is not this server's loopback address")
            return False
        if not self._same_origin():
            self._error(403, "cross-site request refused (Origin is another site)")
            return False
        return True

    def _body(self) -> dict | None:
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            self._error(415, "send the body as JSON (Content-Type: application/json)")
            return None
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            self._error(400, "bad Content-Length")
            return None
        if length > MAX_BODY:
            self._error(413, f"request body larger than {MAX_BODY} bytes")
            return None
        try:
            data = json.loads(self.rfile.read(length) or b"null")
        except (json.JSONDecodeError, UnicodeDecodeError):
            self._error(400, "the body is not valid JSON")
            return None
        if not isinstance(data, dict):
            self._error(400, "the body must be a JSON object")
            return None
        return data

    # --- routes ---------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        if not self._own_host():
            return self._error(403, "Host is not this server's loopback address")
        path = self.path.split("?", 1)[0]
        if path == "/":
            path = "/index.html"
        if path.endswith(".html"):  # a page shows every write made before it was asked for
            self.app.wait_rendered("pages")
        elif path == "/edition.xml":
            self.app.wait_rendered("files")
        page = self.app.pages.get(path.removeprefix("/"))
        if page is not None:
            kind = _CONTENT_TYPES[path.rsplit(".", 1)[-1]]
            return self._send(200, page.encode("utf-8"), f"{kind}; charset=utf-8")
        if path == "/edition.xml":
            data = (self.app.out_dir / "edition.xml").read_bytes()
            return self._send(200, data, "application/xml")
        if path == "/api/annotations":
            return self._json(200, self.app.annotations())
        if path == "/api/version":
            return self._json(200, {"version": self.app.version})
        if path == ALIGN or path.startswith(ALIGN + "/"):
            return self._get_alignment(path)
        if _ANN_PATH.match(path):
            ann_id = _ANN_PATH.match(path).group("id")
            found = [a for a in self.app.annotations() if a["id"] == ann_id]
            return (
                self._json(200, found[0])
                if found
                else self._error(404, f"no annotation {ann_id!r}")
            )
        return self._error(404, f"nothing at {path}")

    do_HEAD = do_GET  # noqa: N815

    def _get_alignment(self, path: str) -> None:
        query = parse_qs(urlsplit(self.path).query)
        wanted = (query.get("passage") or [""])[0]
        view = _VIEWS.get(path.removeprefix(ALIGN))
        if view is not None:
            try:
                return self._json(200, view(self.app.editor, wanted))
            except EditError as e:
                return self._error(e.status, str(e))
        if path.removeprefix(ALIGN + "/") in _ACTIONS:
            return self._not_allowed("POST")
        return self._error(404, f"nothing at {path}")

    def do_POST(self) -> None:  # noqa: N802
        if self.path.startswith(ALIGN + "/"):
            name = self.path.removeprefix(ALIGN + "/")
            if name in _ACTIONS:
                return self._align(name)
            if self.path.removeprefix(ALIGN) in _VIEWS:
                return self._not_allowed("GET")
            return self._error(404, f"nothing at {self.path}")
        if self.path != "/api/annotations":
            allow = "GET, POST" if self.path.startswith("/api/annotations") else "GET"
            return self._not_allowed(allow)
        return self._write(
            lambda d: add(
                self.app.store_path,
                self.app.index,
                str(d.get("target", "")),
                d.get("text"),
                d.get("category"),
                d.get("resp"),
            ),
            201,
        )

    def do_PUT(self) -> None:  # noqa: N802
        m = _ANN_PATH.match(self.path)
        if not m:
            return self._not_allowed("GET, POST")
        return self._write(
            lambda d: edit(
                self.app.store_path, m.group("id"), d.get("text"), d.get("category"), d.get("resp")
            ),
            200,
        )

    def do_DELETE(self) -> None:  # noqa: N802
        m = _ANN_PATH.match(self.path)
        if not m:
            return self._not_allowed("GET, POST")
        return self._write(lambda _d: remove(self.app.store_path, m.group("id")), 200, body=False)

    def _write(self, operation, status: int, body: bool = True) -> None:
        """Guard, parse, carry out, re-render, answer: every write goes through here."""
        if not self._guard_write():
            return None
        data = self._body() if body else {}
        if data is None:
            return None
        try:
            ann = operation(data)
        except AnnotationError as e:
            return self._error(e.status, str(e))
        extra = {"X-Edition-Version": str(self.app.changed({ann.target}))}
        if status == 201:
            extra["Location"] = f"/api/annotations/{ann.id}"
        return self._json(status, ann.as_dict(), extra)

    def _align(self, name: str) -> None:
        """Guard, parse, carry out an action on the alignment, answer with the groups."""
        if not self._guard_write():
            return None
        empty = self.headers.get("Content-Length", "0") == "0"
        data = {} if name == "undo" and empty else self._body()
        if data is None:
            return None
        wrong = unknown_key(data, name)
        if wrong:
            return self._error(400, wrong)
        try:
            groups, version = self.app.edit(lambda editor: act(editor, name, data))
        except EditError as e:
            return self._error(e.status, str(e))
        return self._json(200, {"groups": groups}, {"X-Edition-Version": str(version)})

    def do_PATCH(self) -> None:  # noqa: N802
        self._not_allowed("GET, PUT, DELETE" if _ANN_PATH.match(self.path) else "GET, POST")

    def _not_allowed(self, allow: str) -> None:
        self._error(
            HTTPStatus.METHOD_NOT_ALLOWED,
            f"method {self.command} not allowed here",
            {"Allow": allow},
        )


def make_server(app: EditionApp, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    handler = type("EditionHandler", (Handler,), {"app": app})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as e:
        raise EditionError(f"cannot listen on {host}:{port} ({e.strerror})") from None
    server.daemon_threads = True
    return server
