"""Correcting the alignment in the served page, in Chromium: select a passage, accept a
suggestion, take a passage out, split, undo; the page and `overrides.toml` follow each
action, and a rebuild from the command line gives the same groups."""

import shutil

import pytest
from lxml import html

from edition.align.overrides import load_overrides
from edition.pipeline import build
from edition.render import render_pages
from tests.conftest import ROOT, write_manifest
from tests.test_serve import _serve, request

CHRONICLES = ROOT / "tests" / "data" / "chronicles"


def row_passages(page, pid: str) -> set[str]:
    """The passages of the row showing `pid`, as the page shows them."""
    return set(
        page.evaluate(
            """pid => {
              const cell = Array.from(document.querySelectorAll('#view-parallel .cell[data-passages]'))
                .find(c => c.dataset.passages.split(' ').includes(pid));
              const row = cell.closest('.row');
              return Array.from(row.querySelectorAll('.cell[data-passages]'))
                .flatMap(c => c.dataset.passages.split(' '));
            }""",
            pid,
        )
    )


def wait_done(page, kind: str) -> None:
    page.wait_for_function(
        "k => document.getElementById('align-status').textContent.startsWith('Done: ' + k)"
        " && document.getElementById('align-panel').dataset.done",
        arg=kind,
    )
    page.evaluate("delete document.getElementById('align-panel').dataset.done")


def select(page, pid: str) -> None:
    """Select a passage as a reader does: a click on its cell selects the cell's first
    passage (and opens the note form), and `j` moves on to the next one."""
    cell = page.locator(f'#view-parallel .cell[data-passages~="{pid}"]').first
    ids = cell.get_attribute("data-passages").split()
    cell.click(position={"x": 5, "y": 5})
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for shown in ids[: ids.index(pid)]:
        page.wait_for_function(
            "p => document.getElementById('align-target').textContent === p", arg=shown
        )
        page.keyboard.press("j")
    page.wait_for_function(
        "p => document.getElementById('align-target').textContent === p", arg=pid
    )


def test_correcting_the_alignment_in_the_page(browser, served):
    srv, app, project = served
    path = project / "tei" / "overrides.toml"
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"http://127.0.0.1:{srv.server_address[1]}/")
    cell = page.locator("#view-parallel .row.group .cell[data-passages]").first
    pid = cell.get_attribute("data-passages").split()[0]
    cell.click(position={"x": 5, "y": 5})
    assert page.locator("#align-panel").is_visible()
    assert page.locator("#align-target").inner_text() == pid
    page.wait_for_selector("#align-candidates li")
    assert page.locator("#align-candidates li.in-group").count() >= 1

    # accept a suggestion not yet in the group: the two passages are now in one row
    suggestion = page.locator("#align-candidates li:not(.in-group)").first
    other = suggestion.get_attribute("data-passage")
    before = len(request(srv, "GET", "/api/alignment")[2]["groups"])
    suggestion.locator(".align-accept").click()
    status = page.locator("#align-status")
    page.wait_for_function(
        "() => document.getElementById('align-status').textContent.startsWith('Done')"
    )
    after = len(request(srv, "GET", "/api/alignment")[2]["groups"])
    said = f"Done: pin. {after} groups" + (f" ({before} before)." if after != before else ".")
    assert status.inner_text() == said
    wait_done(page, "pin")
    assert {pid, other} <= row_passages(page, pid)
    assert {frozenset(p) for p in load_overrides(path).pins} == {frozenset((pid, other))}

    # take the other passage out of its group
    page.evaluate("document.activeElement && document.activeElement.blur()")
    select(page, other)
    page.click("#align-out")
    wait_done(page, "forbid")
    assert pid not in row_passages(page, other)
    assert any(other in pair for pair in load_overrides(path).forbids)

    # split a passage before its third word
    target = "C-p1-s6"
    select(page, target)
    page.click("#align-split")
    page.click("#align-words button[data-word='2']")
    wait_done(page, "split")
    assert page.locator('#view-parallel .cell[data-passages~="C-p1-s6a"]').count() == 1
    assert page.locator("#align-target").inner_text() == "C-p1-s6a"  # the first half
    assert load_overrides(path).splits[0][0] == target

    # the groups shown are those of a rebuild from the command line
    ed = build(project / "seeds" / "witnesses.toml", project / "tei", project / "rebuilt")
    assert sorted(sorted(g.passages) for g in ed.alignment.groups) == sorted(
        sorted(g["passages"]) for g in request(srv, "GET", "/api/alignment")[2]["groups"]
    )

    # undo with the keyboard: the split is gone from the page and the file
    page.locator("#align-title").click()
    page.keyboard.press("u")
    wait_done(page, "undo")
    assert page.locator('#view-parallel .cell[data-passages~="C-p1-s6a"]').count() == 0
    assert not load_overrides(path).splits and load_overrides(path).forbids
    page.close()


def test_a_suggestion_shows_its_text_its_group_and_its_cell(browser, served):
    srv, _app, _project = served
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"http://127.0.0.1:{srv.server_address[1]}/")
    pid = "B-p5-s5"
    select(page, pid)
    page.wait_for_selector("#align-candidates li")
    cands = request(srv, "GET", f"/api/alignment/candidates?passage={pid}")[2]
    sizes = {
        g["id"]: len(g["passages"]) for g in request(srv, "GET", "/api/alignment")[2]["groups"]
    }
    items = page.locator("#align-candidates li")
    assert items.count() == len(cands)
    for k, c in enumerate(cands):
        li = items.nth(k)
        assert li.get_attribute("data-passage") == c["passage"]
        assert li.locator(".text").inner_text() == c["text"]
        where = li.locator(".held").inner_text()
        if c["in_group"]:
            assert where == ""
        elif c["group"]:
            assert where == f"in {c['group']} ({sizes[c['group']]} passages)"
        else:
            assert where == "in no group"

    def outlined() -> list[str]:
        return page.evaluate(
            "() => Array.from(document.querySelectorAll('.cell.align-candidate'))"
            ".map(c => c.dataset.passages)"
        )

    # the current suggestion's cell is outlined in the page, and moves with `n`
    assert outlined() == [
        page.locator(f'.cell[data-passages~="{cands[0]["passage"]}"]').first.get_attribute(
            "data-passages"
        )
    ]
    page.keyboard.press("n")
    second = cands[1]["passage"]
    page.wait_for_function(
        "p => Array.from(document.querySelectorAll('.cell.align-candidate'))"
        ".some(c => c.dataset.passages.split(' ').includes(p))",
        arg=second,
    )
    assert len(outlined()) == 1
    # hovering another suggestion outlines its cell instead, leaving it the current one again
    items.nth(2).hover()
    assert cands[2]["passage"] in outlined()[0].split()
    page.locator("#align-title").hover()
    assert second in outlined()[0].split()
    page.close()


_WORD_AT = """([cellSel, words]) => {
  // the middle of the first of these words that stands once in the cell, in one text node
  const cell = document.querySelector(cellSel);
  const nodes = [];
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
  const all = nodes.map(n => n.data).join('');
  for (const w of words) {
    if (all.split(w).length !== 2) continue;
    const node = nodes.find(n => n.data.includes(w));
    if (!node) continue;
    const r = document.createRange();
    const at = node.data.indexOf(w);
    r.setStart(node, at); r.setEnd(node, at + w.length);
    window.scrollBy(0, r.getBoundingClientRect().top - innerHeight / 2);  // to mid-screen
    const box = r.getBoundingClientRect();
    return {x: box.left + box.width / 2, y: box.top + box.height / 2, word: w};
  }
  return null;
}"""


def test_a_click_selects_the_passage_under_the_mouse(browser, served):
    """A cell shows several passages of a witness: a click selects (and annotates) the one
    under the mouse, not the cell's first."""
    srv, *_ = served
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"http://127.0.0.1:{srv.server_address[1]}/")
    cells = page.locator("#view-parallel .row.group .cell[data-passages]")
    held = next(
        ids
        for k in range(cells.count())
        if len(ids := cells.nth(k).get_attribute("data-passages").split()) >= 3
    )
    for pid in (held[2], held[-1], held[0]):
        text = request(srv, "GET", f"/api/alignment/passage?passage={pid}")[2]["text"]
        words = text.split()
        middle = len(words) // 2
        near = sorted(range(len(words)), key=lambda k: abs(k - middle))
        sel = f'#view-parallel .cell[data-passages~="{held[0]}"]'
        at = page.evaluate(_WORD_AT, [sel, [words[k] for k in near if len(words[k]) > 3]])
        assert at, pid
        page.mouse.click(at["x"], at["y"])
        page.wait_for_function(
            "p => document.getElementById('align-target').textContent === p", arg=pid
        )
        assert page.locator("#panel-target").inner_text() == pid
        quote = "".join(page.locator("#panel-quote").inner_text().split())
        assert len(quote) > 20 and "".join(text.split()).startswith(quote)
    page.close()


def test_a_click_on_a_passage_leaves_it_in_view_and_the_keys_to_the_panel(browser, served):
    """Opening the note panel makes room beside the columns: the words clicked, low in the
    tallest cell, stay where they were on the screen, and the keys review the alignment
    instead of typing a note."""
    srv, *_ = served
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.goto(f"http://127.0.0.1:{srv.server_address[1]}/")
    tallest = page.evaluate(
        """() => Array.from(document.querySelectorAll('#view-parallel .row.group .cell[data-passages]'))
          .reduce((a, c) => c.offsetHeight > a.offsetHeight ? c : a).dataset.passages"""
    )
    sel = f'#view-parallel .cell[data-passages="{tallest}"]'
    last = tallest.split()[-1]
    words = request(srv, "GET", f"/api/alignment/passage?passage={last}")[2]["text"].split()
    at = page.evaluate(_WORD_AT, [sel, [w for w in reversed(words) if len(w) > 3]])
    page.mouse.click(at["x"], at["y"])
    page.wait_for_function("() => !document.getElementById('panel').hidden")
    still = _WORD_AT.replace("window.scrollBy(", "(")  # where the word is now, not scrolled to
    assert abs(page.evaluate(still, [sel, [at["word"]]])["y"] - at["y"]) < 2
    assert page.evaluate("document.activeElement.id") != "panel-text"
    page.wait_for_function(
        "p => document.getElementById('align-target').textContent === p", arg=last
    )
    page.keyboard.press("j")
    page.wait_for_function(
        "p => document.getElementById('align-target').textContent !== p", arg=last
    )
    assert page.locator("#panel-text").input_value() == ""
    page.close()


def test_a_passage_left_before_its_suggestions_came_shows_none_of_them(browser, served):
    """A late answer for a passage no longer selected is not shown, nor acted on."""
    srv, *_ = served
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"http://127.0.0.1:{srv.server_address[1]}/")
    slow, fast = "C-p1-s9", "C-p1-s8"
    select(page, fast)
    page.wait_for_selector("#align-candidates li")
    page.evaluate(
        """p => { const f = window.fetch;
          window.fetch = (u, i) => String(u).includes('passage=' + p)
            ? new Promise(r => setTimeout(r, 1500)).then(() => f(u, i)) : f(u, i); }""",
        slow,
    )
    select(page, slow)
    assert page.locator("#align-candidates li").count() == 0  # not the last passage's
    select(page, fast)
    page.wait_for_selector("#align-candidates li")
    page.wait_for_timeout(2500)  # the slow answers have come by now
    cands = request(srv, "GET", f"/api/alignment/candidates?passage={fast}")[2]
    shown = page.locator("#align-candidates li")
    assert [shown.nth(k).get_attribute("data-passage") for k in range(shown.count())] == [
        c["passage"] for c in cands
    ]
    group = request(srv, "GET", f"/api/alignment/passage?passage={fast}")[2]["group"]
    assert page.locator("#align-group").inner_text() == f"in {group}"
    page.close()


def test_confirming_a_group_with_the_keyboard_marks_its_row(browser, served):
    srv, _app, project = served
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"http://127.0.0.1:{srv.server_address[1]}/")
    cell = page.locator("#view-parallel .row.group .cell[data-passages]").first
    pid = cell.get_attribute("data-passages").split()[0]
    select(page, pid)
    assert page.locator(".row-label .confirmed").count() == 0
    page.keyboard.press("c")
    wait_done(page, "confirm")
    label = page.locator(f'.row:has(.cell[data-passages~="{pid}"]) .row-label .confirmed')
    assert label.inner_text() == "✓ confirmed"
    assert load_overrides(project / "tei" / "overrides.toml").pins

    # `g` goes on to the next group not confirmed, skipping confirmed ones
    rows = page.locator("#view-parallel .row.group")
    ids = [rows.nth(k).get_attribute("id") for k in range(rows.count())]
    here = page.locator(f'.row:has(.cell[data-passages~="{pid}"])').get_attribute("id")
    page.keyboard.press("g")
    after = ids[ids.index(here) + 1]
    first = page.locator(f"#{after} .cell[data-passages]").first.get_attribute("data-passages")
    page.wait_for_function(
        "p => document.getElementById('align-target').textContent === p", arg=first.split()[0]
    )
    page.keyboard.press("c")
    wait_done(page, "confirm")
    select(page, pid)
    page.keyboard.press("g")
    beyond = ids[ids.index(here) + 2]
    first = page.locator(f"#{beyond} .cell[data-passages]").first.get_attribute("data-passages")
    page.wait_for_function(
        "p => document.getElementById('align-target').textContent === p", arg=first.split()[0]
    )
    page.close()


def test_the_static_page_has_no_editing_controls(served):
    _srv, app, _project = served
    static = html.fromstring(render_pages(app.edition)["index.html"])
    assert not static.xpath('//*[@id="align-panel"]') and "data-api" not in static.body.attrib
    served_page = html.fromstring(app.pages["index.html"])
    assert served_page.xpath('//aside[@id="align-panel"]//button[@id="align-undo"]')
    assert served_page.body.get("data-api") == "/api/annotations"


def _pin_a_suggestion(page) -> tuple[str, str]:
    """Select the first passage of a group, accept its first suggestion not in the group."""
    cell = page.locator("#view-parallel .row.group .cell[data-passages]").first
    pid = cell.get_attribute("data-passages").split()[0]
    cell.click(position={"x": 5, "y": 5})
    page.wait_for_selector("#align-candidates li")
    suggestion = page.locator("#align-candidates li:not(.in-group)").first
    other = suggestion.get_attribute("data-passage")
    suggestion.locator(".align-accept").click()
    wait_done(page, "pin")
    return pid, other


def test_an_action_replaces_only_the_rows_it_changed(browser, served):
    """Rows the action did not change stay the very same elements (groups are numbered in
    the order of the text, so the rows after a changed group change their ids too)."""
    srv, _app, _project = served
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"http://127.0.0.1:{srv.server_address[1]}/")
    page.evaluate(
        "() => document.querySelectorAll('#view-parallel > *').forEach(r => { r.__kept = true; })"
    )
    pid, other = _pin_a_suggestion(page)
    rows = page.evaluate(
        "() => Array.from(document.querySelectorAll('#view-parallel > .row'))"
        ".map(r => [r.id, !!r.__kept, r.textContent.length])"
    )
    replaced = int(page.locator("#align-panel").get_attribute("data-replaced"))
    holding = page.evaluate(  # the row that now shows the two passages linked
        """pid => !!document.querySelector(`#view-parallel .cell[data-passages~="${pid}"]`)
              .closest('.row').__kept""",
        pid,
    )
    page.close()
    first_changed = next(k for k, (_, kept, _) in enumerate(rows) if not kept)
    assert first_changed > 0 and all(kept for _, kept, _ in rows[:first_changed])
    changed = sum(1 for _, kept, _ in rows if not kept)
    assert changed <= replaced <= changed + len(rows) // 2  # and some of the bars between
    assert holding is False


def test_a_second_tab_takes_in_the_first_tabs_action(browser, served):
    srv, _app, _project = served
    url = f"http://127.0.0.1:{srv.server_address[1]}/"
    first = browser.new_page(viewport={"width": 1400, "height": 900})
    second = browser.new_page(viewport={"width": 1400, "height": 900})
    first.goto(url)
    second.goto(url)
    pid, other = _pin_a_suggestion(first)
    second.wait_for_function(
        "s => document.getElementById('align-status').textContent.startsWith(s)",
        arg="Updated",
        timeout=15000,
    )
    assert {pid, other} <= row_passages(second, pid)
    # and the first tab, which made the action, took it as its own: no news for it
    first.wait_for_timeout(2500)
    assert not first.locator("#align-status").inner_text().startswith("Updated")
    first.close()
    second.close()


@pytest.fixture(scope="module")
def copies_served(tmp_path_factory):
    """`edition serve` on Abu al-Fida and Ibn al-Wardi, who copies him: rows collated word
    by word, cells of several passages with variants, gaps and skips."""
    root = tmp_path_factory.mktemp("copies")
    for siglum in "DE":
        shutil.copy(CHRONICLES / f"{siglum}.mARkdown", root)
    manifest = write_manifest(
        root, [{"siglum": s, "path": f"{s}.mARkdown", "format": "openiti"} for s in "DE"]
    )
    srv, app = _serve(manifest, root)
    yield srv, app
    srv.shutdown()
    srv.server_close()


_CLICK_TARGETS = """(kind) => {
  // in cells of several passages: each mark of this kind (a variant, or the dot the page
  // shows for a reading with no words), and the witness's letters before it
  const out = [];
  const skip = el => el.closest('.gap, .skipmark, .note-mark');
  for (const cell of document.querySelectorAll('#view-parallel .cell[data-sizes]')) {
    if (cell.dataset.passages.split(' ').length < 2) continue;
    const marks = kind === 'variant'
      ? Array.from(cell.querySelectorAll('[data-app]')).filter(m => !skip(m) && m.textContent.trim())
      : Array.from(cell.querySelectorAll('.gap'));
    for (const m of marks) {
      let before = 0;
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (m.contains(n) || (m.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
        if (!skip(n.parentElement)) before += Array.from(n.data.replace(/\\s/gu, '')).length;
      }
      const size = Array.from(m.textContent.replace(/\\s/gu, '')).length;
      out.push({cell: cell.dataset.passages, sizes: cell.dataset.sizes, app: m.dataset.app || '', before, size});
    }
  }
  return out;
}"""


def _owner(target: dict, inside: int) -> str:
    """The passage holding the letter `inside` letters after those before a mark."""
    ids, letters = target["cell"].split(), target["before"] + inside
    for pid, size in zip(ids, map(int, target["sizes"].split()), strict=True):
        if letters < size:
            return pid
        letters -= size
    return ids[-1]


def _click_mark(page, target: dict, kind: str) -> None:
    sel = "[data-app='{}']".format(target["app"]) if kind == "variant" else ".gap"
    cell = page.locator(f'#view-parallel .cell[data-passages="{target["cell"]}"]')
    mark = cell.locator(sel).nth(target["k"]) if kind != "variant" else cell.locator(sel).first
    mark.evaluate("m => m.scrollIntoView({block: 'center'})")
    box = mark.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.parametrize("kind", ["variant", "mark"])
def test_a_click_on_a_variant_or_a_mark_selects_the_passage_it_stands_in(
    browser, copies_served, kind
):
    """A variant clicked while the note panel is closed (the panel opens and the text moves),
    or the dot the page shows for a reading with no words: the passage selected is the one
    the variant's letters, or the letters around the dot, are in."""
    srv, _ = copies_served
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(f"http://127.0.0.1:{srv.server_address[1]}/")
    targets = page.evaluate(_CLICK_TARGETS, "variant" if kind == "variant" else "mark")
    seen: dict[str, int] = {}
    for t in targets:  # the mark's number among its kind in its cell
        t["k"] = seen[t["cell"]] = seen.get(t["cell"], -1) + 1
    # marks not in the first passage, spread over the page; a variant within one passage
    chosen = [
        t
        for t in targets
        if _owner(t, 0) != t["cell"].split()[0]
        and _owner(t, -1) == _owner(t, 0) == _owner(t, t["size"])  # not at a passage's edge
    ]
    assert len(chosen) >= 5
    for t in chosen[:: max(1, len(chosen) // 6)][:6]:
        page.evaluate(  # both panels closed: the note panel opens with the click
            "document.getElementById('panel').hidden = true;"
            "document.getElementById('align-panel').hidden = true;"
            "document.body.classList.remove('panel-open')"
        )
        _click_mark(page, t, kind)
        want = _owner(t, 0)
        page.wait_for_function(
            "p => document.getElementById('align-target').textContent === p", arg=want
        )
    page.close()


def test_g_goes_on_to_the_next_page_when_this_one_is_reviewed(browser, project, monkeypatch):
    """A long edition is split into pages: past the last group of a page not confirmed, `g`
    opens the next page on its first group not confirmed."""
    import edition.render as render

    monkeypatch.setattr(render, "PAGE_ROWS", 8)
    srv, _app = _serve(project / "seeds" / "witnesses.toml", project)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"http://127.0.0.1:{srv.server_address[1]}/part-0001.html")
        last = page.locator("#view-parallel .row.group").last
        pid = last.locator(".cell[data-passages]").first.get_attribute("data-passages").split()[0]
        select(page, pid)
        page.keyboard.press("g")
        page.wait_for_url("**/part-0002.html")
        first = page.locator("#view-parallel .row.group .cell[data-passages]").first
        want = first.get_attribute("data-passages").split()[0]
        page.wait_for_function(
            "p => document.getElementById('align-target').textContent === p", arg=want
        )
        assert page.evaluate("location.hash") == ""
        page.close()
    finally:
        srv.shutdown()
        srv.server_close()
