// 案例筛选: combine facets over the data the generator writes to
// library/assets/facets.js (window.HANDBOOK_FACETS, a script, so the page
// also works opened from file://). Within 类别 and 标签 every chosen value
// must hold; in the other groups one is enough. The number after each value
// is how many cases the reader sees with it chosen. The choice lives in the
// address (#level=社区村&tag=…) so a filtered list can be bookmarked and sent.
(function () {
  "use strict";
  var root = document.getElementById("case-facets");
  if (!root) return;
  var data = window.HANDBOOK_FACETS;
  if (!data) {
    root.textContent = "没有找到筛选数据（library/assets/facets.js），请重新生成网站。";
    return;
  }
  var base = root.getAttribute("data-base") || "";
  var facets = data.facets;
  var cases = data.cases;
  var F = facets.length;
  var STEP = 100;
  var shown = STEP;
  var chosen = facets.map(function () { return new Set(); });
  var boxes = facets.map(function () { return []; });
  var result = [];
  window.handbookFacetTimings = [];

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  // -- layout ----------------------------------------------------------------
  var panel = el("form", "facet-panel");
  panel.setAttribute("aria-label", "筛选条件");
  panel.addEventListener("submit", function (e) { e.preventDefault(); });
  var main = el("section", "facet-results");
  main.setAttribute("aria-label", "筛选结果");
  var summary = el("p", "facet-summary");
  summary.setAttribute("aria-live", "polite");
  summary.setAttribute("role", "status");
  var chips = el("p", "facet-chosen");
  var tools = el("p", "facet-tools");
  var clear = el("button", "md-button facet-clear", "清除全部条件");
  clear.type = "button";
  var printButton = el("button", "md-button facet-print", "打印这份列表");
  printButton.type = "button";
  var printAll = el("a", "md-button md-button--primary facet-print-all", "");
  var docxBase = data.downloads ? root.getAttribute("data-docx") : "";
  tools.appendChild(clear);
  tools.appendChild(printButton);
  if (root.getAttribute("data-print")) tools.appendChild(printAll);
  var list = el("div", "facet-cards");
  var more = el("button", "md-button facet-more", "");
  more.type = "button";
  main.appendChild(summary);
  main.appendChild(chips);
  main.appendChild(tools);
  main.appendChild(list);
  main.appendChild(more);
  // phones: the filters come first, so a button that stays in view leads to the results
  var jump = el("button", "md-button md-button--primary facet-jump", "");
  jump.type = "button";
  jump.addEventListener("click", function () {
    var header = document.querySelector(".md-header");
    window.scrollTo(0, main.getBoundingClientRect().top + window.pageYOffset
                       - (header ? header.offsetHeight + 8 : 0));
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  });
  panel.appendChild(jump);
  root.appendChild(panel);
  root.appendChild(main);
  root.classList.add("facet-page");

  facets.forEach(function (facet, f) {
    if (facet.values.length < 2) return; // nothing to choose between
    var set = el("fieldset", "facet facet-" + facet.id);
    var legend = el("legend", null, facet.label);
    legend.appendChild(el("small", null, facet.mode === "all" ? "（同时具备）" : "（任一）"));
    set.appendChild(legend);
    var ul = el("ul");
    facet.values.forEach(function (value, v) {
      var li = el("li");
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.name = facet.id;
      box.value = value;
      box.setAttribute("data-f", f);
      box.setAttribute("data-v", v);
      var count = el("span", "facet-count");
      label.appendChild(box);
      label.appendChild(el("span", "facet-value", value));
      label.appendChild(count);
      li.appendChild(label);
      ul.appendChild(li);
      boxes[f][v] = { box: box, count: count, li: li };
    });
    set.appendChild(ul);
    panel.appendChild(set);
  });

  // -- filtering -------------------------------------------------------------
  function passes(f, values) {
    var want = chosen[f];
    var hits = 0;
    for (var k = 0; k < values.length; k++) if (want.has(values[k])) hits++;
    return facets[f].mode === "all" ? hits === want.size : hits > 0;
  }

  function filter() {
    var counts = facets.map(function (facet) { return new Int32Array(facet.values.length); });
    var active = [];
    for (var f = 0; f < F; f++) if (chosen[f].size) active.push(f);
    var out = [];
    for (var i = 0; i < cases.length; i++) {
      var v = cases[i].v;
      var failed = -1, misses = 0;
      for (var a = 0; a < active.length; a++) {
        if (!passes(active[a], v[active[a]])) {
          misses++;
          failed = active[a];
          if (misses > 1) break;
        }
      }
      if (misses === 0) {
        out.push(i);
        for (var g = 0; g < F; g++) {
          var vals = v[g], c = counts[g];
          for (var k = 0; k < vals.length; k++) c[vals[k]]++;
        }
      } else if (misses === 1 && facets[failed].mode === "any") {
        // would be in the result if this group's choice were this value instead
        var only = v[failed], cf = counts[failed];
        for (var m = 0; m < only.length; m++) cf[only[m]]++;
      }
    }
    return { cases: out, counts: counts };
  }

  function card(c) {
    var art = el("article", "facet-card");
    var h = el("h3");
    var a = el("a", null, c.title);
    a.href = base + c.slug + ".html";
    h.appendChild(a);
    art.appendChild(h);
    var meta = [c.level, c.region, c.year ? String(c.year) : "年份未披露", c.categories.join("、")];
    art.appendChild(el("p", "facet-card-meta", meta.join(" · ")));
    art.appendChild(el("p", "facet-card-summary", c.summary));
    if (docxBase) {
      var word = el("a", "facet-card-docx", "下载 Word 文件");
      word.href = docxBase + c.slug + ".docx";
      art.appendChild(word);
    }
    return art;
  }

  function showCards(limit) {
    list.textContent = "";
    var frag = document.createDocumentFragment();
    var n = Math.min(limit, result.length);
    for (var i = 0; i < n; i++) frag.appendChild(card(cases[result[i]]));
    list.appendChild(frag);
    var rest = result.length - n;
    more.style.display = rest > 0 ? "" : "none";
    more.textContent = "再显示 " + Math.min(STEP, rest) + " 个（还有 " + rest + " 个）";
  }

  function update() {
    var t0 = performance.now();
    var r = filter();
    result = r.cases;
    facets.forEach(function (facet, f) {
      boxes[f].forEach(function (b, v) {
        // write only what changed: at thousands of cases the DOM, not the counting, costs
        var n = String(r.counts[f][v]);
        var on = chosen[f].has(v);
        var off = n === "0" && !on;
        if (b.box.checked !== on) b.box.checked = on;
        if (b.count.textContent !== n) b.count.textContent = n;
        if (b.box.disabled !== off) {
          b.box.disabled = off;
          b.li.className = off ? "facet-empty" : "";
        }
      });
    });
    var names = [];
    facets.forEach(function (facet, f) {
      chosen[f].forEach(function (v) { names.push(facet.label + "：" + facet.values[v]); });
    });
    summary.textContent = (names.length ? "符合条件的案例：" : "全部案例：") + result.length + " 个";
    chips.textContent = names.length ? "已选：" + names.join("；") : "";
    clear.disabled = !names.length;
    jump.textContent = "查看结果（" + result.length + " 个）";
    // the whole-handbook print page, told the same filter, prints these cases as one document
    printAll.href = root.getAttribute("data-print") + toHash();
    printAll.textContent = "打印所选案例全文（" + result.length + " 个）";
    showCards(shown);
    void list.offsetHeight; // include layout in the measured time
    var ms = performance.now() - t0;
    window.handbookFacetTimings.push(ms);
    root.setAttribute("data-ms", ms.toFixed(1));
    root.setAttribute("data-results", String(result.length));
  }

  // -- the address -----------------------------------------------------------
  function toHash() {
    var parts = [];
    facets.forEach(function (facet, f) {
      Array.from(chosen[f]).sort(function (a, b) { return a - b; }).forEach(function (v) {
        parts.push(encodeURIComponent(facet.id) + "=" + encodeURIComponent(facet.values[v]));
      });
    });
    return parts.length ? "#" + parts.join("&") : "";
  }

  function fromHash() {
    chosen.forEach(function (s) { s.clear(); });
    var hash = location.hash.replace(/^#/, "");
    if (!hash) return;
    hash.split("&").forEach(function (pair) {
      var eq = pair.indexOf("=");
      if (eq < 0) return;
      var id, value;
      try {
        id = decodeURIComponent(pair.slice(0, eq));
        value = decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, " "));
      } catch (e) { return; }
      for (var f = 0; f < F; f++) {
        if (facets[f].id !== id) continue;
        var v = facets[f].values.indexOf(value);
        if (v >= 0) chosen[f].add(v);
      }
    });
  }

  function remember() {
    var hash = toHash();
    var url = location.href.split("#")[0] + hash;
    if (location.href !== url) location.replace(hash || "#");
  }

  panel.addEventListener("change", function (e) {
    var box = e.target;
    if (!box.hasAttribute("data-f")) return;
    var f = +box.getAttribute("data-f"), v = +box.getAttribute("data-v");
    if (box.checked) chosen[f].add(v); else chosen[f].delete(v);
    shown = STEP;
    remember();
    update();
  });
  clear.addEventListener("click", function () {
    chosen.forEach(function (s) { s.clear(); });
    shown = STEP;
    remember();
    update();
  });
  more.addEventListener("click", function () {
    shown += STEP;
    showCards(shown);
  });
  printButton.addEventListener("click", function () { window.print(); });
  window.addEventListener("beforeprint", function () { showCards(result.length); });
  window.addEventListener("hashchange", function () {
    if (location.hash.replace(/^#/, "") === toHash().replace(/^#/, "")) return;
    fromHash();
    update();
  });

  fromHash();
  update();
})();
