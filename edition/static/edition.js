// The passages of a cell: it lists them (`data-passages`) and the letters of each
// (`data-sizes`: code points, white space aside, the same white space as `_letters` in
// render/views/parallel.py), so the letters before a point tell which passage the point is
// in. Marks the page adds (a gap's dot, a skip, a note's pen) are not the witness's letters.
var editionCells = (function () {
  "use strict";
  var SPACE = /[\s\u0085\u001c-\u001f]/gu;
  var ADDED = ".gap, .skipmark, .note-mark";
  function letters(s) { return Array.from(s.replace(SPACE, "")).length; }
  function textNodes(cell) {
    var walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) { return n.parentElement.closest(ADDED) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; },
    });
    var out = [];
    for (var n = walker.nextNode(); n; n = walker.nextNode()) out.push(n);
    return out;
  }
  function sizes(cell) {
    var ids = cell.dataset.passages.split(" ");
    var n = (cell.dataset.sizes || "").split(" ").map(Number);
    return n.length === ids.length ? { ids: ids, sizes: n } : null;
  }
  function caret(x, y) {  // the node and offset under a point (Firefox, Chromium)
    if (document.caretPositionFromPoint) {
      var pos = document.caretPositionFromPoint(x, y);
      return pos && { node: pos.offsetNode, offset: pos.offset };
    }
    var range = document.caretRangeFromPoint && document.caretRangeFromPoint(x, y);
    return range && { node: range.startContainer, offset: range.startOffset };
  }
  function lettersBefore(cell, at) {  // the witness's letters in the cell before a caret
    var point = document.createRange();
    point.setStart(at.node, at.offset);
    var before = 0;
    var nodes = textNodes(cell);
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i] === at.node) return before + letters(nodes[i].data.slice(0, at.offset));
      if (point.comparePoint(nodes[i], 0) >= 0) break;  // past the caret (it is on a mark)
      before += letters(nodes[i].data);
    }
    return before;
  }
  function passageAt(cell, x, y) {  // the passage under a point of the screen
    var known = sizes(cell);
    var at = caret(x, y);
    var ids = cell.dataset.passages.split(" ");
    if (ids.length < 2 || !known || !at || !cell.contains(at.node)) return ids[0];
    var before = lettersBefore(cell, at);
    for (var k = 0; k < ids.length - 1; k++) {
      if (before < known.sizes[k]) return ids[k];
      before -= known.sizes[k];
    }
    return ids[ids.length - 1];
  }
  function clicked(cell, e) {  // the passage a click is on, found once for all the click's
    // listeners, before one of them opens a panel and the text moves under the point
    if (!e.editionPassage) e.editionPassage = passageAt(cell, e.clientX, e.clientY);
    return e.editionPassage;
  }
  function spot(e) {  // what is under a click, to be kept in place on the screen
    var at = caret(e.clientX, e.clientY);
    if (!at || at.node.nodeType !== Node.TEXT_NODE || !at.node.data.length) return null;
    var range = document.createRange();
    var from = Math.min(at.offset, at.node.data.length - 1);
    range.setStart(at.node, from);
    range.setEnd(at.node, from + 1);
    return range;
  }
  function passageText(cell, pid) {  // a passage's text as the cell shows it
    var known = sizes(cell);
    var text = Array.from(textNodes(cell).map(function (n) { return n.data; }).join(""));
    var k = known ? known.ids.indexOf(pid) : -1;
    if (k < 0) return text.join("").trim();
    var skip = known.sizes.slice(0, k).reduce(function (a, b) { return a + b; }, 0);
    var take = known.sizes[k], seen = 0, from = -1, to = text.length;
    for (var i = 0; i < text.length; i++) {
      if (letters(text[i]) === 0) continue;
      if (seen === skip && from < 0) from = i;
      seen += 1;
      if (seen === skip + take) { to = i + 1; break; }
    }
    return from < 0 ? "" : text.slice(from, to).join("").trim();
  }
  return { clicked: clicked, passageText: passageText, spot: spot };
})();

(function () {
  "use strict";
  var rules = JSON.parse(document.getElementById("norm-rules").textContent);
  var drop = new Set(Array.from(rules.drop));
  function normalize(s) {
    var out = "";
    for (var ch of s) {
      if (drop.has(ch)) continue;
      out += Object.prototype.hasOwnProperty.call(rules.map, ch) ? rules.map[ch] : ch;
    }
    return out.replace(/\s+/g, " ").trim();
  }

  // tabs
  var tabs = document.querySelectorAll('.tabs [role="tab"]');
  function show(tab) {
    tabs.forEach(function (t) {
      var on = t === tab;
      t.setAttribute("aria-selected", on ? "true" : "false");
      document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
    });
  }
  tabs.forEach(function (t) { t.addEventListener("click", function () { show(t); }); });
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest('a[href^="#row-"]');
    if (a) { show(document.getElementById("tab-parallel")); }
  });

  // a variant lights up its counterparts in the other columns
  function light(app, on) {
    document.querySelectorAll('[data-app="' + app + '"]').forEach(function (el) {
      el.classList.toggle("lit", on);
    });
  }
  // in a row told in other words, what the tellings share (a name, place, number, date,
  // word or concept) lights up its counterparts in the other columns of the same row
  function lightShared(el, on) {
    var row = el.closest(".row");
    if (!row) return;
    el.dataset.ekey.split(" ").forEach(function (key) {  // a word: its stem, its concept
      row.querySelectorAll('.shared[data-ekey~="' + key + '"]').forEach(function (x) {
        x.classList.toggle("lit", on);
      });
    });
  }
  function follow(on) {
    return function (e) {
      if (!e.target.closest) return;
      var v = e.target.closest("[data-app]");
      if (v) light(v.dataset.app, on);
      var n = e.target.closest(".shared[data-ekey]");
      if (n) lightShared(n, on);
    };
  }
  ["mouseover", "focusin"].forEach(function (ev) { document.addEventListener(ev, follow(true)); });
  ["mouseout", "focusout"].forEach(function (ev) { document.addEventListener(ev, follow(false)); });

  // filters: classes of difference, what tellings in other words share, witnesses
  document.querySelectorAll(".type-toggle").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.value, !box.checked);
    });
  });
  document.querySelectorAll(".agree-toggle").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-agree-" + box.value, !box.checked);
    });
  });
  var witStyle = document.createElement("style");
  document.head.appendChild(witStyle);
  function updateWitnesses() {
    var hidden = Array.from(document.querySelectorAll(".wit-toggle"))
      .filter(function (b) { return !b.checked; }).map(function (b) { return b.value; });
    var visible = document.querySelectorAll(".wit-toggle").length - hidden.length;
    witStyle.textContent = hidden.map(function (s) {
      return '[data-wit="' + s + '"]{display:none}';
    }).join("") + ".colheads,.cells{--columns:" + Math.max(visible, 1) + " !important}";
    hideEmptyRows(hidden);
  }
  // a row that no shown witness tells is left out (with its episode in the contents), and
  // so is the bar of a folded stretch of such rows
  function hideEmptyRows(hidden) {
    document.querySelectorAll("article.row").forEach(function (row) {
      var told = Array.from(row.querySelectorAll(".cell:not(.absent)")).some(function (c) {
        return hidden.indexOf(c.dataset.wit) < 0;
      });
      row.classList.toggle("empty", !told);
      var link = document.querySelector('.episodes a[href$="#' + row.id + '"]');
      if (link) link.closest("li").hidden = !told;
    });
    unfolders.forEach(function (b) {
      b.parentElement.classList.toggle("empty", foldedRows(b).every(function (r) {
        return r.classList.contains("empty");
      }));
    });
  }
  document.querySelectorAll(".wit-toggle").forEach(function (b) {
    b.addEventListener("change", updateWitnesses);
  });

  // rows told by one witness only, between two episodes, are folded (hidden until found):
  // their bar unfolds them, and so does anything that leads to them
  var unfolders = Array.from(document.querySelectorAll("button.unfold"));
  function foldedRows(button) {
    return button.dataset.rows.split(" ").map(function (id) { return document.getElementById(id); });
  }
  function unfold(button, open) {
    foldedRows(button).forEach(function (r) {
      if (open) r.removeAttribute("hidden"); else r.setAttribute("hidden", "until-found");
    });
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  unfolders.forEach(function (b) {
    b.addEventListener("click", function () { unfold(b, b.getAttribute("aria-expanded") !== "true"); });
  });
  function reveal(el) {
    var row = el && el.closest && el.closest("article.row[hidden]");
    if (!row) return;
    var button = unfolders.find(function (b) { return foldedRows(b).indexOf(row) >= 0; });
    if (button) unfold(button, true); else row.removeAttribute("hidden");
  }
  document.addEventListener("beforematch", function (e) { reveal(e.target); });
  function revealHash() {
    if (location.hash.length > 1) reveal(document.getElementById(decodeURIComponent(location.hash.slice(1))));
  }
  window.addEventListener("hashchange", revealHash);
  revealHash();
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest('a[href*="#"]');
    if (a && a.hash.length > 1) reveal(document.getElementById(decodeURIComponent(a.hash.slice(1))));
  }, true);

  // search in normalised form: any spelling of a word finds the others, and a name or place
  // finds every spelling of it the edition knows (the authority file's, the texts', and a
  // spelling with the same skeleton)
  var rasm = JSON.parse(document.getElementById("skeleton-rules").textContent);
  var names = JSON.parse(document.getElementById("name-index").textContent);
  function skeleton(norm) {
    var out = "";
    for (var ch of norm) out += Object.prototype.hasOwnProperty.call(rasm, ch) ? rasm[ch] : ch;
    return out;
  }
  function namesOf(q) {
    var key = skeleton(q);
    return names.filter(function (n) {
      return n.norms.indexOf(q) >= 0 || (key.length >= 3 && n.skeletons.indexOf(key) >= 0);
    });
  }
  var input = document.getElementById("search");
  var count = document.getElementById("search-count");
  var cells = Array.from(document.querySelectorAll(".cell[data-norm]"));
  function searchReport(q, hits, found) {
    if (!q) return "";
    var text = hits.length + (hits.length === 1 ? " passage" : " passages");
    var forms = [];
    found.forEach(function (n) {
      n.forms.forEach(function (f) { if (forms.indexOf(f) < 0) forms.push(f); });
    });
    if (forms.length < 2) return text;
    return forms.length + " spellings (" + forms.join("، ") + ") · " + text;
  }
  input.addEventListener("input", function () {
    var q = normalize(input.value);
    var found = q ? namesOf(q) : [];
    var terms = [q];
    found.forEach(function (n) { terms = terms.concat(n.norms); });
    var hits = [];
    cells.forEach(function (c) {
      var hit = q.length > 0 && terms.some(function (t) { return c.dataset.norm.indexOf(t) >= 0; });
      c.classList.toggle("hit", hit);
      if (hit) hits.push(c);
    });
    count.textContent = searchReport(q, hits, found);
    document.querySelectorAll(".ent.found").forEach(function (el) { el.classList.remove("found"); });
    found.forEach(function (n) {
      document.querySelectorAll('.ent[data-ekey="' + n.ekey + '"]').forEach(function (el) {
        el.classList.add("found");
      });
    });
    if (hits.length) {
      show(document.getElementById("tab-parallel"));
      hits.forEach(reveal);
      hits[0].scrollIntoView({ block: "center" });
    }
  });

  // apparatus view: choose the base
  var base = document.getElementById("base-select");
  if (base) {
    base.addEventListener("change", function () {
      document.querySelectorAll(".base-text").forEach(function (el) {
        el.hidden = el.id !== "base-" + base.value;
      });
    });
  }
  window.editionNormalize = normalize;

  // what sticks under the page's header (column heads, episodes) sticks below its real
  // height, which grows when its controls wrap (many witnesses, a narrow window)
  var header = document.querySelector("header.site");
  var colheads = document.querySelector(".colheads");
  function stickyHeights() {
    var root = document.documentElement.style;
    var h = header && getComputedStyle(header).position === "sticky" ? header.offsetHeight : 0;
    root.setProperty("--header", h + "px");
    root.setProperty("--colheads", (colheads ? colheads.offsetHeight : 0) + "px");
  }
  stickyHeights();
  if (window.ResizeObserver) {
    var watch = new ResizeObserver(stickyHeights);
    [header, colheads].forEach(function (el) { if (el) watch.observe(el); });
  } else {
    window.addEventListener("resize", stickyHeights);
  }

  // the annotation panel (when served by `edition serve`)
  var api = document.body.dataset.api;
  if (!api) return;
  var panel = document.getElementById("panel");
  var current = null;
  var all = [];
  function noteItem(a) {
    var li = document.createElement("li");
    li.dataset.id = a.id;
    var cat = document.createElement("span");
    cat.className = "ann-cat";
    cat.textContent = "✎ " + a.category + (a.resp ? " · " + a.resp : "");
    var q = document.createElement("q");
    q.textContent = a.text;
    q.dir = "auto"; // its own direction and language, not the panel's English
    q.lang = a.lang || "";
    var ed = document.createElement("button");
    ed.type = "button"; ed.textContent = "Edit"; ed.className = "ann-edit";
    ed.addEventListener("click", function () {
      var text = window.prompt("Edit the note", a.text);
      if (text !== null) send("PUT", api + "/" + a.id, { text: text });
    });
    var del = document.createElement("button");
    del.type = "button"; del.textContent = "Delete"; del.className = "ann-delete";
    del.addEventListener("click", function () { send("DELETE", api + "/" + a.id); });
    li.append(cat, " ", q, ed, del);
    return li;
  }
  function markers() {
    document.querySelectorAll(".live-mark").forEach(function (m) { m.remove(); });
    var counts = {};
    all.forEach(function (a) { counts[a.target] = (counts[a.target] || 0) + 1; });
    Object.keys(counts).forEach(function (t) {
      document.querySelectorAll('[data-app="' + t + '"]').forEach(function (el) {
        var m = document.createElement("sup");
        m.className = "note-mark live-mark";
        m.textContent = "✎" + counts[t];
        el.after(m);
      });
    });
  }
  function showNotes() {
    var list = document.getElementById("panel-notes");
    list.replaceChildren.apply(list, all.filter(function (a) { return a.target === current; }).map(noteItem));
  }
  function load() {
    return fetch(api).then(function (r) { return r.json(); }).then(function (data) {
      all = data; markers(); if (current) showNotes();
    });
  }
  function send(method, url, body) {
    var status = document.getElementById("panel-status");
    return window.editionWrite(url, {
      method: method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (r) {
      return r.json().then(function (data) {
        status.textContent = r.ok ? "Saved." : "Not saved: " + data.error;
        return load().then(function () { return r.ok; });
      });
    });
  }
  document.addEventListener("edition:changed", load);  // by another tab
  // while the panel is open the columns make room for it (see .panel-open in the CSS)
  function showPanel(on) {
    panel.hidden = !on;
    document.body.classList.toggle("panel-open", on);
  }
  // `from`: what was clicked (an element or the text under the mouse), kept where it was on
  // the screen as the columns make room; `write`: the cursor goes to the note (not for a
  // passage: its keys review the alignment)
  function open(target, quote, from, write) {
    current = target;
    document.getElementById("panel-target").textContent = target;
    document.getElementById("panel-quote").textContent = quote;
    document.getElementById("panel-status").textContent = "";
    var top = from && from.getBoundingClientRect().top;
    showPanel(true);
    if (from) window.scrollBy(0, from.getBoundingClientRect().top - top);
    showNotes();
    if (write) document.getElementById("panel-text").focus({ preventScroll: true });
  }
  document.addEventListener("click", function (e) {
    if (!e.target.closest || e.target.closest("#panel")) return;
    var v = e.target.closest("[data-app]");
    var cell = e.target.closest(".cell[data-passages]");
    var pid = cell && editionCells.clicked(cell, e);  // before the panel moves the text
    var from = editionCells.spot(e) || v || cell;
    if (v) return open(v.dataset.app, v.textContent, from, true);
    if (cell) open(pid, editionCells.passageText(cell, pid).slice(0, 120), from, false);
  });
  document.addEventListener("keydown", function (e) {
    var v = e.target.closest && e.target.closest("[data-app]");
    if (v && e.key === "Enter") open(v.dataset.app, v.textContent, v, true);
    if (e.key === "Escape") showPanel(false);
  });
  document.getElementById("panel-close").addEventListener("click", function () { showPanel(false); });
  document.getElementById("panel-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var text = document.getElementById("panel-text");
    send("POST", api, {
      target: current, text: text.value,
      category: document.getElementById("panel-category").value,
      resp: document.getElementById("panel-resp").value,
    }).then(function (ok) { if (ok) text.value = ""; });
  });
  load();
})();

// --- correcting the alignment (served by `edition serve` only: the static page has no panel) ---
(function () {
  "use strict";
  var panel = document.getElementById("align-panel");
  if (!document.body.dataset.api || !panel) return;
  var ALIGN = "/api/alignment";
  var selected = null;  // the passage id being reviewed
  var sizes = null;  // each group's number of passages (known once a passage is chosen)
  var cands = [];
  var at = -1;  // the current suggestion
  function $(id) { return document.getElementById(id); }
  function say(text) { $("align-status").textContent = text; }
  function passages() {  // every passage of the page, in document order
    var out = [];
    document.querySelectorAll("#view-parallel .cell[data-passages]").forEach(function (c) {
      c.dataset.passages.split(" ").forEach(function (p) { out.push(p); });
    });
    return out;
  }
  function cellOf(pid) {
    return Array.from(document.querySelectorAll("#view-parallel .cell[data-passages]")).find(function (c) {
      return c.dataset.passages.split(" ").indexOf(pid) >= 0;
    });
  }
  function mark() {
    document.querySelectorAll(".align-selected").forEach(function (c) { c.classList.remove("align-selected"); });
    var cell = selected && cellOf(selected);
    if (cell) cell.classList.add("align-selected");
    markCandidate(at >= 0 && cands[at] ? cands[at].passage : null);
  }
  function markCandidate(pid) {  // the suggestion's cell in the page, outlined
    document.querySelectorAll(".align-candidate").forEach(function (c) { c.classList.remove("align-candidate"); });
    var cell = pid && cellOf(pid);
    if (cell) cell.classList.add("align-candidate");
  }
  function sizesOf(groups) {
    var out = {};
    groups.forEach(function (g) { out[g.id] = g.passages.length; });
    return out;
  }
  function held(c) {  // where the suggestion is: its group and that group's size
    if (!c.group) return "in no group";
    var n = sizes && sizes[c.group];
    return "in " + c.group + (n ? " (" + n + " passages)" : "");
  }
  function item(c, k) {
    var li = document.createElement("li");
    li.dataset.passage = c.passage;
    li.classList.toggle("in-group", c.in_group);
    li.classList.toggle("current", k === at);
    var head = document.createElement("strong");
    head.textContent = c.passage + " (" + c.score.toFixed(2) + ")";
    var accept = document.createElement("button");
    accept.type = "button"; accept.className = "align-accept"; accept.textContent = "Link";
    accept.addEventListener("click", function () { act("pin", { passages: [selected, c.passage] }); });
    var reject = document.createElement("button");
    reject.type = "button"; reject.className = "align-reject"; reject.textContent = "Keep apart";
    reject.addEventListener("click", function () { act("forbid", { passages: [selected, c.passage] }); });
    var where = document.createElement("span");
    where.className = "held"; where.textContent = c.in_group ? "" : held(c);
    var text = document.createElement("p");
    text.className = "text"; text.dir = "rtl"; text.lang = "ar"; text.textContent = c.text;
    text.title = c.text;  // shown whole on hover (the panel shows three lines)
    var why = document.createElement("span");
    why.className = "why"; why.textContent = c.why;
    li.append(head, accept, reject, where, text, why);
    li.addEventListener("mouseenter", function () { markCandidate(c.passage); });
    li.addEventListener("mouseleave", function () { markCandidate(at >= 0 ? cands[at].passage : null); });
    return li;
  }
  function showCands() {
    var list = $("align-candidates");
    list.replaceChildren.apply(list, cands.map(item));
    markCandidate(at >= 0 ? cands[at].passage : null);
  }
  function select(pid) {
    selected = pid;
    cands = []; at = -1;  // the last passage's suggestions are not this one's
    showCands();
    panel.hidden = false;
    $("align-target").textContent = pid;
    $("align-words").hidden = true;
    mark();
    return Promise.all([
      fetch(ALIGN + "/candidates?passage=" + encodeURIComponent(pid)).then(function (r) { return r.json(); }),
      fetch(ALIGN + "/passage?passage=" + encodeURIComponent(pid)).then(function (r) { return r.json(); }),
      sizes === null ? fetch(ALIGN).then(function (r) { return r.json(); }) : null,
    ]).then(function (got) {
      if (pid !== selected) return;  // another passage was chosen meanwhile: its answers count
      if (got[2] && got[2].groups && sizes === null) sizes = sizesOf(got[2].groups);
      if (got[0].error) { say(got[0].error); cands = []; } else { cands = got[0]; }
      at = cands.length ? 0 : -1;
      $("align-group").textContent = got[1].group ? "in " + got[1].group : "in no group";
      panel.dataset.text = got[1].text || "";
      showCands();
    });
  }
  function forget() {  // no passage selected: the one shown is gone
    selected = null; cands = []; at = -1;
    showCands();
    $("align-target").textContent = "";
    $("align-group").textContent = "(select a passage)";
    mark();
  }
  function sameNode(a, b) {  // an element the same as before, the selection mark aside
    if (!a || a.id !== b.id) return false;
    var marked = a.querySelectorAll(".align-selected");
    marked.forEach(function (c) { c.classList.remove("align-selected"); });
    var same = a.outerHTML === b.outerHTML;
    marked.forEach(function (c) { c.classList.add("align-selected"); });
    return same;
  }
  function update(old, now) {  // old's children made now's, keeping the elements that did
    // not change (a row by its id, an element with none by its markup); how many changed
    var byId = {}, byMarkup = {};
    Array.from(old.children).forEach(function (c) {
      if (c.id) byId[c.id] = c;
      else (byMarkup[c.outerHTML] = byMarkup[c.outerHTML] || []).push(c);
    });
    var replaced = 0;
    var children = Array.from(now.childNodes).map(function (n) {
      if (n.nodeType !== 1) return document.adoptNode(n);
      if (n.id && sameNode(byId[n.id], n)) return byId[n.id];
      if (!n.id && (byMarkup[n.outerHTML] || []).length) return byMarkup[n.outerHTML].shift();
      replaced += 1;
      return document.adoptNode(n);
    });
    old.replaceChildren.apply(old, children);
    return replaced;
  }
  var refreshed = Promise.resolve();
  function refresh() {  // one after the other, each after the writes before it
    refreshed = refreshed.then(refreshNow, refreshNow);
    return refreshed;
  }
  function refreshNow() {  // the page as the server now renders it: the rows that changed,
    // the episodes, the map
    return fetch(location.pathname, { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html");
      var rows = $("view-parallel"), rowsNow = fresh.getElementById("view-parallel");
      if (rows && rowsNow) panel.dataset.replaced = update(rows, rowsNow);
      var map = $("view-map"), mapNow = fresh.getElementById("view-map");
      if (map && mapNow) map.replaceChildren.apply(map, Array.from(mapNow.childNodes).map(function (n) { return document.adoptNode(n); }));
      var nav = document.querySelector("nav.episodes"), navNow = fresh.querySelector("nav.episodes");
      if (nav && navNow) nav.replaceWith(document.adoptNode(navNow));
      mark();
    });
  }
  document.addEventListener("edition:changed", function () {  // by another tab
    sizes = null;
    refresh().then(function () {
      say("Updated: the edition was changed in another tab.");
      if (selected && passages().indexOf(selected) >= 0) return select(selected);
    });
  });
  function act(kind, body) {
    body = body || {};
    var resp = $("panel-resp");
    if (resp && resp.value && kind !== "undo") body.resp = resp.value;
    say("Working…");
    return window.editionWrite(ALIGN + "/" + kind, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { say("Not done: " + data.error); return; }
        return refresh().then(function () {
          var shown = passages();
          // the passage to go on with: the selected one, the first half of the one split, the
          // whole again of a half (a split undone), or the first one acted on
          var keep = [
            selected, kind === "split" ? body.passage + "a" : null,
            selected && selected.replace(/[ab]$/, ""), (body.passages || [body.passage])[0],
          ].find(function (p) { return p && shown.indexOf(p) >= 0; });
          var was = sizes && Object.keys(sizes).length;
          sizes = sizesOf(data.groups);
          var now = data.groups.length;
          say("Done: " + kind + ". " + now + " groups" +
            (was !== null && was !== now ? " (" + was + " before)" : "") + ".");
          if (keep) return select(keep);
          forget();
        }).then(function () { panel.dataset.done = kind + ":" + Date.now(); });
      });
    });
  }
  function splitWords() {
    var words = (panel.dataset.text || "").split(/\s+/).filter(Boolean);
    var box = $("align-words");
    var buttons = words.map(function (w, k) {
      var b = document.createElement("button");
      b.type = "button"; b.textContent = w; b.dataset.word = k; b.disabled = k === 0;
      b.title = "split before this word";
      b.addEventListener("click", function () { act("split", { passage: selected, word: k }); });
      return b;
    });
    box.replaceChildren.apply(box, buttons);
    box.hidden = false;
  }
  function go(pid) {  // select a passage and bring it into view
    if (!pid) return;
    select(pid);
    var cell = cellOf(pid);
    if (cell) cell.scrollIntoView({ block: "center" });
  }
  function nextToReview() {  // the first passage of the next group on the page not confirmed
    var rows = Array.from(document.querySelectorAll("#view-parallel .row.group"));
    var cell = selected && cellOf(selected);
    var from = cell ? rows.indexOf(cell.closest(".row")) : -1;
    var next = rows.slice(from + 1).find(function (r) { return !r.querySelector(".row-label .confirmed"); });
    var first = next && next.querySelector(".cell[data-passages]");
    return first ? first.dataset.passages.split(" ")[0] : null;
  }
  function reviewOn() {  // to the next group not confirmed, on a later page if need be
    var next = nextToReview();
    if (next) return go(next);
    var page = document.querySelector('nav.parts a[rel="next"]');
    if (!page) return say("No group after this one is left to confirm.");
    say("On to the next page…");
    location.href = page.getAttribute("href") + "#review";
  }
  if (location.hash === "#review") {  // come from the page before by `g`
    history.replaceState(null, "", location.pathname + location.search);
    var first = nextToReview();
    if (first) go(first); else reviewOn();
  }
  function nextPassage() {
    var all = passages();
    var k = all.indexOf(selected);
    return all[k + 1] || null;
  }
  document.addEventListener("click", function (e) {
    if (!e.target.closest || e.target.closest("#align-panel") || e.target.closest("#panel")) return;
    var cell = e.target.closest("#view-parallel .cell[data-passages]");
    if (cell) select(editionCells.clicked(cell, e));
  });
  $("align-out").addEventListener("click", function () { if (selected) act("forbid", { passages: [selected] }); });
  function confirmGroup() {  // the group as this page shows it: refused if it changed since
    var cell = cellOf(selected);
    var shown = cell ? Array.from(cell.closest(".row").querySelectorAll(".cell[data-passages]"))
      .flatMap(function (c) { return c.dataset.passages.split(" "); }) : undefined;
    act("confirm", { passage: selected, passages: shown });
  }
  $("align-confirm").addEventListener("click", function () { if (selected) confirmGroup(); });
  $("align-split").addEventListener("click", function () { if (selected) splitWords(); });
  $("align-join").addEventListener("click", function () {
    var next = nextPassage();
    if (selected && next) act("join", { passages: [selected, next] });
  });
  $("align-undo").addEventListener("click", function () { act("undo"); });
  $("align-close").addEventListener("click", function () { panel.hidden = true; });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var all = passages();
    var k = all.indexOf(selected);
    var move = { j: 1, k: -1 }[e.key];
    if (move) {
      go(all[Math.max(0, Math.min(all.length - 1, k + move))]);
    } else if (e.key === "g") {
      reviewOn();
    } else if (!selected) {
      return;
    } else if (e.key === "n" || e.key === "p") {
      if (!cands.length) return;
      at = (at + (e.key === "n" ? 1 : cands.length - 1)) % cands.length;
      showCands();
    } else if (e.key === "a" && at >= 0) {
      act("pin", { passages: [selected, cands[at].passage] });
    } else if (e.key === "r" && at >= 0) {
      act("forbid", { passages: [selected, cands[at].passage] });
    } else if (e.key === "x") {
      act("forbid", { passages: [selected] });
    } else if (e.key === "c") {
      confirmGroup();
    } else if (e.key === "s") {
      splitWords();
    } else if (e.key === "u") {
      act("undo");
    } else {
      return;
    }
    e.preventDefault();
  });
})();

// --- keeping up with other tabs: the server numbers its writes; the page says how many it
// shows (`data-version`) and the answer to each write its number, so that a tab tells its
// own writes from others' and takes those in (`edition:changed`: the notes, the rows, the
// alignment panel) ---
(function () {
  "use strict";
  var page = document.body.dataset.version;  // the writes this page shows, when served
  var seen = page ? Number(page) : null;  // writes this tab has taken in
  var own = {};  // the numbers of this tab's own writes
  var pending = 0;  // writes of this tab not yet answered
  function reached(v) {  // the server has made v writes: news if some are not this tab's
    if (seen === null) { seen = v; return; }
    var news = false;
    for (var k = seen + 1; k <= v; k++) { if (!own[k]) news = true; }
    seen = Math.max(seen, v);
    if (news) document.dispatchEvent(new CustomEvent("edition:changed"));
  }
  window.editionWrite = function (url, init) {
    pending += 1;
    return fetch(url, init).then(function (r) {
      var v = Number(r.headers.get("X-Edition-Version")) || 0;
      if (v) own[v] = true;
      return r;
    }).finally(function () { pending -= 1; });
  };
  if (!document.body.dataset.api) return;
  var busy = false;
  function poll() {
    if (busy || pending || document.hidden) return;
    busy = true;
    fetch("/api/version", { cache: "no-store" }).then(function (r) { return r.json(); })
      .then(function (data) { if (!pending) reached(data.version); })
      .catch(function (e) { console.warn("edition: no answer from the server", e); })
      .then(function () { busy = false; });
  }
  poll();
  setInterval(poll, 2000);
})();
