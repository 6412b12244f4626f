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
  ["mouseover", "focusin"].forEach(function (ev) {
    document.addEventListener(ev, function (e) {
      var v = e.target.closest && e.target.closest("[data-app]");
      if (v) light(v.dataset.app, true);
    });
  });
  ["mouseout", "focusout"].forEach(function (ev) {
    document.addEventListener(ev, function (e) {
      var v = e.target.closest && e.target.closest("[data-app]");
      if (v) light(v.dataset.app, false);
    });
  });

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
})();
