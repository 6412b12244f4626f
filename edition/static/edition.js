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
  // in a row told in other words, a name, place, number or date lights up its
  // counterparts in the other columns of the same row
  function lightEntity(el, on) {
    var row = el.closest(".row");
    if (!row) return;
    row.querySelectorAll('.ent.shared[data-ekey="' + el.dataset.ekey + '"]').forEach(function (x) {
      x.classList.toggle("lit", on);
    });
  }
  function follow(on) {
    return function (e) {
      if (!e.target.closest) return;
      var v = e.target.closest("[data-app]");
      if (v) light(v.dataset.app, on);
      var n = e.target.closest(".ent.shared[data-ekey]");
      if (n) lightEntity(n, on);
    };
  }
  ["mouseover", "focusin"].forEach(function (ev) { document.addEventListener(ev, follow(true)); });
  ["mouseout", "focusout"].forEach(function (ev) { document.addEventListener(ev, follow(false)); });

  // filters: classes of difference, witnesses
  document.querySelectorAll(".type-toggle").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.value, !box.checked);
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
  }
  document.querySelectorAll(".wit-toggle").forEach(function (b) {
    b.addEventListener("change", updateWitnesses);
  });

  // search in normalised form: any spelling of a word finds the others
  var input = document.getElementById("search");
  var count = document.getElementById("search-count");
  var cells = Array.from(document.querySelectorAll(".cell[data-norm]"));
  input.addEventListener("input", function () {
    var q = normalize(input.value);
    var hits = [];
    cells.forEach(function (c) {
      var hit = q.length > 0 && c.dataset.norm.indexOf(q) >= 0;
      c.classList.toggle("hit", hit);
      if (hit) hits.push(c);
    });
    count.textContent = q ? hits.length + (hits.length === 1 ? " passage" : " passages") : "";
    if (hits.length) {
      show(document.getElementById("tab-parallel"));
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
    return fetch(url, {
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
  // while the panel is open the columns make room for it (see .panel-open in the CSS)
  function showPanel(on) {
    panel.hidden = !on;
    document.body.classList.toggle("panel-open", on);
  }
  function open(target, quote) {
    current = target;
    document.getElementById("panel-target").textContent = target;
    document.getElementById("panel-quote").textContent = quote;
    document.getElementById("panel-status").textContent = "";
    showPanel(true);
    showNotes();
    document.getElementById("panel-text").focus();
  }
  document.addEventListener("click", function (e) {
    if (!e.target.closest || e.target.closest("#panel")) return;
    var v = e.target.closest("[data-app]");
    if (v) return open(v.dataset.app, v.textContent);
    var cell = e.target.closest(".cell[data-passages]");
    if (cell) open(cell.dataset.passages.split(" ")[0], cell.textContent.trim().slice(0, 120));
  });
  document.addEventListener("keydown", function (e) {
    var v = e.target.closest && e.target.closest("[data-app]");
    if (v && e.key === "Enter") open(v.dataset.app, v.textContent);
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
