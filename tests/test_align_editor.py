"""Correcting the alignment through `edition serve`'s JSON API: actions, the overrides file,
undo, a rebuild from the command line giving the same groups, and bad input refused."""

import tomllib

import pytest
from lxml import html

from edition.align.groups import joined_pieces
from edition.align.overrides import load_overrides
from edition.pipeline import build
from tests.test_serve import MAX_BODY, _serve, request


def groups_of(srv) -> list[tuple[str, str, list[str]]]:
    """The served groups: id, label and passages (labels of groups an action left as they
    were are kept from before it, and must be those a build gives)."""
    status, _, data = request(srv, "GET", "/api/alignment")
    assert status == 200
    return [(g["id"], g["label"], sorted(g["passages"])) for g in data["groups"]]


def rebuilt_groups(project) -> list[tuple[str, str, list[str]]]:
    ed = build(project / "seeds" / "witnesses.toml", project / "tei", project / "rebuilt")
    return [(g.id, g.label, sorted(g.passages)) for g in ed.alignment.groups]


def test_groups_and_candidates(served):
    srv, _, project = served
    status, _, data = request(srv, "GET", "/api/alignment")
    assert status == 200 and data["groups"][0]["id"] == "g1"
    assert all(set(g) == {"id", "label", "passages"} for g in data["groups"])
    assert groups_of(srv) == rebuilt_groups(project)
    pid = data["groups"][0]["passages"][0]
    status, _, cands = request(srv, "GET", f"/api/alignment/candidates?passage={pid}")
    assert status == 200 and cands
    scores = [c["score"] for c in cands]
    assert scores == sorted(scores, reverse=True)
    per_witness = {c["witness"] for c in cands}
    assert pid.split("-")[0] not in per_witness
    assert all(sum(c["witness"] == w for c in cands) <= 5 for w in per_witness)
    assert all(c["why"] and isinstance(c["score"], float) for c in cands)
    members = set(data["groups"][0]["passages"])
    assert all(c["in_group"] == (c["passage"] in members) for c in cands)
    group_of = {q: g["id"] for g in data["groups"] for q in g["passages"]}
    assert all(c["group"] == group_of.get(c["passage"]) for c in cands)
    assert any(c["group"] is None for c in cands) and any(c["group"] for c in cands)
    files = {"A": "000", "B": "001", "C": "002"}  # the seeds, as the manifest lists them
    for c in cands:  # each its text, as the witness's file has it
        raw = next((project / "seeds").glob(f"{files[c['witness']]}_*.txt")).read_text("utf-8")
        assert c["text"] and " ".join(c["text"].split()) in " ".join(raw.split())


def test_pin_forbid_undo_are_written_and_rebuilt_alike(served):
    srv, app, project = served
    path = project / "tei" / "overrides.toml"
    first = request(srv, "GET", "/api/alignment")[2]["groups"][0]["passages"][0]
    cands = request(srv, "GET", f"/api/alignment/candidates?passage={first}")[2]
    other = next(c["passage"] for c in cands if not c["in_group"])
    status, _, data = request(
        srv, "POST", "/api/alignment/pin", {"passages": [first, other], "resp": "Tester"}
    )
    assert status == 200
    assert any({first, other} <= set(g["passages"]) for g in data["groups"])
    entry = tomllib.loads(path.read_text("utf-8"))["pin"][0]
    assert (entry["a"], entry["b"], entry["resp"]) == (first, other, "Tester") and entry["when"]
    assert groups_of(srv) == rebuilt_groups(project)

    # take the passage out of its group: forbids with each passage of another witness there
    status, _, data = request(srv, "POST", "/api/alignment/forbid", {"passages": [other]})
    assert status == 200
    assert not any({first, other} <= set(g["passages"]) for g in data["groups"])
    ov = load_overrides(path)
    assert not ov.pins and (first, other) not in ov.pins and (other, first) in ov.forbids
    assert groups_of(srv) == rebuilt_groups(project)

    status, _, data = request(srv, "POST", "/api/alignment/undo")
    assert status == 200 and any({first, other} <= set(g["passages"]) for g in data["groups"])
    assert load_overrides(path).pins == {(first, other)}
    assert request(srv, "POST", "/api/alignment/undo")[0] == 200
    assert not path.exists()  # as it was before the first action: no file
    status, _, data = request(srv, "POST", "/api/alignment/undo")
    assert status == 409 and "nothing to undo" in data["error"]
    assert groups_of(srv) == rebuilt_groups(project)
    # the pages follow: the served page shows the groups of the alignment
    assert app.wait_rendered(timeout=60)
    assert app.edition.alignment is app.editor.run.alignment


def test_two_passages_apart(served):
    srv, _, project = served
    group = request(srv, "GET", "/api/alignment")[2]["groups"][0]["passages"]
    a = group[0]
    b = next(p for p in group if p[0] != a[0])
    status, _, data = request(srv, "POST", "/api/alignment/forbid", {"passages": [a, b]})
    assert status == 200
    assert not any({a, b} <= set(g["passages"]) for g in data["groups"])
    assert load_overrides(project / "tei" / "overrides.toml").forbids == {(a, b)}
    again = request(srv, "POST", "/api/alignment/forbid", {"passages": [b, a]})
    assert again[0] == 409 and "apart already" in again[2]["error"]


def test_a_group_confirmed_is_pinned_together_and_marked(served):
    srv, app, project = served
    path = project / "tei" / "overrides.toml"
    groups = request(srv, "GET", "/api/alignment")[2]["groups"]
    g = max(
        groups, key=lambda g: (len({p.split("-")[0] for p in g["passages"]}), -int(g["id"][1:]))
    )
    members = g["passages"]
    status, _, data = request(
        srv, "POST", "/api/alignment/confirm", {"passage": members[-1], "resp": "Tester"}
    )
    assert status == 200
    assert any(set(members) <= set(h["passages"]) for h in data["groups"])
    pins = tomllib.loads(path.read_text("utf-8"))["pin"]
    assert {e["resp"] for e in pins} == {"Tester"} and all(e["when"] for e in pins)
    assert len(pins) == len(members) - 1  # a tree: every passage joined, no pair twice
    assert all(e["a"][0] != e["b"][0] for e in pins)  # each of two witnesses
    assert groups_of(srv) == rebuilt_groups(project)
    again = request(srv, "POST", "/api/alignment/confirm", {"passage": members[0]})
    assert again[0] == 409 and "confirmed already" in again[2]["error"]

    # the page marks the group confirmed, and only it
    assert app.wait_rendered(timeout=60)
    page = html.fromstring(request(srv, "GET", "/")[2].decode())
    marked = page.xpath('//article[.//span[@class="confirmed"]]')
    assert len(marked) == 1
    shown = {p for cell in marked[0].xpath(".//@data-passages") for p in cell.split()}
    assert set(members) <= shown

    # one action, undone at once
    assert request(srv, "POST", "/api/alignment/undo")[0] == 200
    assert not path.exists()


def test_confirming_adds_only_the_pins_needed(served):
    srv, _, project = served
    path = project / "tei" / "overrides.toml"
    groups = request(srv, "GET", "/api/alignment")[2]["groups"]
    members = max(groups, key=lambda g: len(g["passages"]))["passages"]
    wit = {p: p.split("-")[0] for p in members}
    last = members[-1]
    other = next(p for p in members if wit[p] != wit[last])
    assert request(srv, "POST", "/api/alignment/pin", {"passages": [last, other]})[0] == 200
    groups = request(srv, "GET", "/api/alignment")[2]["groups"]
    members = next(g["passages"] for g in groups if last in g["passages"])
    assert request(srv, "POST", "/api/alignment/confirm", {"passage": other})[0] == 200
    pins = load_overrides(path).pins
    assert len(pins) == len(members) - 1  # the pin made before, and those needed beside it
    assert (last, other) in pins


def test_a_passage_taken_out_of_a_confirmed_group_leaves_the_rest_confirmed(served):
    srv, app, project = served
    path = project / "tei" / "overrides.toml"
    groups = request(srv, "GET", "/api/alignment")[2]["groups"]
    members = max(groups, key=lambda g: len(g["passages"]))["passages"]
    assert request(srv, "POST", "/api/alignment/confirm", {"passage": members[0]})[0] == 200
    hub = members[0]  # every pin of another witness's passages holds on to it
    status, _, data = request(srv, "POST", "/api/alignment/forbid", {"passages": [hub]})
    assert status == 200
    rest = [p for p in members if p != hub]
    held = next(g["passages"] for g in data["groups"] if rest[0] in g["passages"])
    assert set(rest) <= set(held) and hub not in held
    ov = load_overrides(path)
    assert not any(hub in pair for pair in ov.pins) and all(hub in pair for pair in ov.forbids)
    pieces = joined_pieces(ov.pins)
    assert len({pieces[p] for p in rest}) == 1  # the rest still pinned together
    assert groups_of(srv) == rebuilt_groups(project)


def test_confirming_needs_a_group(served):
    srv, _, project = served
    grouped = {p for g in request(srv, "GET", "/api/alignment")[2]["groups"] for p in g["passages"]}
    alone = next(p for p in (f"A-p{k}-s1" for k in range(1, 30)) if p not in grouped)
    status, _, data = request(srv, "POST", "/api/alignment/confirm", {"passage": alone})
    assert status == 409 and data["error"] == f"{alone} is in no group"
    status, _, data = request(srv, "POST", "/api/alignment/confirm", {"passage": "Q-p1-s1"})
    assert status == 400 and "no passage 'Q-p1-s1'" in data["error"]
    group = request(srv, "GET", "/api/alignment")[2]["groups"][0]["passages"]
    status, _, data = request(
        srv, "POST", "/api/alignment/confirm", {"passage": group[0], "passages": group[1:]}
    )
    assert status == 409 and data["error"] == (
        f"the group of {group[0]} is no longer as shown: it holds {', '.join(group)}"
    )
    status, _, data = request(srv, "POST", "/api/alignment/confirm", {"passages": [alone]})
    assert status == 400
    assert data["error"] == "`passage` must be the id of the passage whose group to confirm"
    assert not (project / "tei" / "overrides.toml").exists()


def test_split_join_and_undo(served):
    srv, app, project = served
    path = project / "tei" / "overrides.toml"
    status, _, data = request(
        srv, "POST", "/api/alignment/split", {"passage": "C-p1-s6", "word": 3, "resp": "R"}
    )
    assert status == 200
    split = tomllib.loads(path.read_text("utf-8"))["split"][0]
    assert split["passage"] == "C-p1-s6" and split["resp"] == "R"
    text = request(srv, "GET", "/api/alignment/passage?passage=C-p1-s6b")[2]["text"]
    assert text.startswith(split["before"])
    grouped = {p for g in data["groups"] for p in g["passages"]}
    assert "C-p1-s6" not in grouped
    assert groups_of(srv) == rebuilt_groups(project)
    status, _, data = request(
        srv, "POST", "/api/alignment/join", {"passages": ["B-p1-s1", "B-p1-s2"]}
    )
    assert status == 200 and tomllib.loads(path.read_text("utf-8"))["join"]
    assert groups_of(srv) == rebuilt_groups(project)
    assert request(srv, "POST", "/api/alignment/undo")[0] == 200
    assert request(srv, "POST", "/api/alignment/undo")[0] == 200
    assert "C-p1-s6" in request(srv, "GET", "/api/alignment/passage?passage=C-p1-s6")[2]["passage"]
    assert app.wait_rendered(timeout=60)
    assert "C-p1-s6a" not in request(srv, "GET", "/")[2].decode()


@pytest.mark.parametrize(
    "path, body, headers, raw, status, message",
    [
        ("/api/alignment/pin", {"passages": ["B-p1-s1", "Z-p9"]}, None, None, 400, "no passage"),
        ("/api/alignment/pin", {"passages": ["B-p1-s1", "B-p1-s1"]}, None, None, 400, "itself"),
        ("/api/alignment/pin", {"passages": ["B-p1-s1", "B-p2-s1"]}, None, None, 400, "witness B"),
        ("/api/alignment/pin", {"passages": ["B-p1-s1"]}, None, None, 400, "two passage ids"),
        ("/api/alignment/forbid", {"passages": "B-p1-s1"}, None, None, 400, "two passage ids"),
        ("/api/alignment/forbid", {"passages": ["Q-p1-s1"]}, None, None, 400, "no passage"),
        ("/api/alignment/split", {"passage": "C-p1-s6", "word": 0}, None, None, 400, "`word`"),
        ("/api/alignment/split", {"passage": "C-p1-s6", "before": "zzz"}, None, None, 400, "not"),
        (
            "/api/alignment/split",
            {"passage": "C-p1-s6", "before": "طاب بالولد"},  # inside `الخطاب`
            None,
            None,
            400,
            "'طاب بالولد' begins inside a word of passage C-p1-s6",
        ),
        ("/api/alignment/join", {"passages": ["B-p1-s1", "B-p3-s1"]}, None, None, 400, "consec"),
        ("/api/alignment/pin", None, {"Content-Type": "application/json"}, b"{oops", 400, "JSON"),
        ("/api/alignment/pin", None, {"Content-Type": "application/json"}, b"[1]", 400, "object"),
        ("/api/alignment/pin", None, {"Content-Type": "text/plain"}, b"x", 415, "JSON"),
        (
            "/api/alignment/pin",
            None,
            {"Content-Type": "application/json"},
            b"x" * (MAX_BODY + 1),
            413,
            "larger than",
        ),
        (
            "/api/alignment/pin",
            {"passages": ["B-p1-s1", "C-p1-s1"]},
            {"Origin": "http://evil.example"},
            None,
            403,
            "cross-site",
        ),
        ("/api/alignment/undo", None, None, None, 409, "nothing to undo"),
        ("/api/alignment/rotate", {}, None, None, 404, "nothing at /api/alignment/rotate"),
        (
            "/api/alignment/split",
            {"passage": "C-p1-s6", "word": 3, "extra": 1},
            None,
            None,
            400,
            "unknown key 'extra' for split (it takes passage, word, before, resp)",
        ),
        ("/api/alignment/undo", {"all": True}, None, None, 400, "unknown key 'all' for undo"),
        (
            "/api/alignment/pin",
            {"passages": ["B-p1-s1", "C-p1-s1"], "resp": "Ali\u0001"},
            None,
            None,
            400,
            "`resp` holds a control character",
        ),
        ("/api/alignment/candidates", {}, None, None, 405, "not allowed"),
    ],
)
def test_bad_input_changes_nothing(served, path, body, headers, raw, status, message):
    srv, _, project = served
    before = groups_of(srv)
    got, _, data = request(srv, "POST", path, body, headers, raw)
    assert got == status and message in data["error"]
    assert not (project / "tei" / "overrides.toml").exists()
    assert groups_of(srv) == before


def test_reading_needs_a_known_passage(served):
    srv, *_ = served
    status, _, data = request(srv, "GET", "/api/alignment/candidates?passage=nowhere")
    assert status == 400 and "no passage 'nowhere'" in data["error"]
    assert request(srv, "GET", "/api/alignment/pin")[0] == 405


def test_a_same_origin_action_is_accepted(served):
    srv, *_ = served
    port = srv.server_address[1]
    group = request(srv, "GET", "/api/alignment")[2]["groups"][0]["passages"]
    pair = [group[0], next(p for p in group if p[0] != group[0][0])]
    status, _, _ = request(
        srv,
        "POST",
        "/api/alignment/forbid",
        {"passages": pair},
        {"Origin": f"http://127.0.0.1:{port}"},
    )
    assert status == 200


def test_overrides_of_passages_gone_are_reported_not_fatal(project):
    tei = project / "tei"
    tei.mkdir()
    (tei / "overrides.toml").write_text(
        '[[pin]]\na = "B-p99-s1"\nb = "C-p1-s1"\n', encoding="utf-8"
    )
    srv, _app = _serve(project / "seeds" / "witnesses.toml", project)
    try:
        status, _, data = request(srv, "GET", "/api/alignment/stale")
        assert status == 200
        assert data["stale"] == ["[[pin]] B-p99-s1 ~ C-p1-s1: no passage 'B-p99-s1' any more"]
    finally:
        srv.shutdown()
        srv.server_close()
