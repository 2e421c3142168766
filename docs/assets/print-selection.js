// 打印所选案例: the whole-handbook print page (library/print.html) opened with a
// filter from 案例筛选 in its address (#level=社区村&tag=…) shows a cover list
// of the chosen cases, then only those cases, ready to print as one document.
// The data comes from library/assets/facets.js, added as a script (works from
// file://). Rule as on the facet page: 类别 and 标签 need every chosen value,
// the other groups any one of them.
(function () {
  "use strict";
  var all = document.querySelector(".print-all");
  var hash = location.hash.replace(/^#/, "");
  if (!all || hash.indexOf("=") < 0) return;
  var here = document.currentScript && document.currentScript.src;
  if (!here) return;

  function chosenFrom(data) {
    var chosen = {};
    hash.split("&").forEach(function (pair) {
      var eq = pair.indexOf("=");
      if (eq < 0) return;
      try {
        var id = decodeURIComponent(pair.slice(0, eq));
        var value = decodeURIComponent(pair.slice(eq + 1));
      } catch (e) { return; }
      data.facets.forEach(function (facet, f) {
        var v = facet.values.indexOf(value);
        if (facet.id === id && v >= 0) (chosen[f] = chosen[f] || []).push(v);
      });
    });
    return chosen;
  }

  function matches(data, chosen, c) {
    return Object.keys(chosen).every(function (f) {
      var have = c.v[f], want = chosen[f];
      var hits = want.filter(function (v) { return have.indexOf(v) >= 0; }).length;
      return data.facets[f].mode === "all" ? hits === want.length : hits > 0;
    });
  }

  function show(data) {
    var chosen = chosenFrom(data);
    if (!Object.keys(chosen).length) return;
    var picked = data.cases.filter(function (c) { return matches(data, chosen, c); });
    var titles = {};
    picked.forEach(function (c) { titles[c.title] = true; });
    var keep = false;
    Array.prototype.forEach.call(all.children, function (el) {
      if (el.tagName === "H2") keep = !!titles[el.textContent.replace(/¶$/, "").trim()];
      if (!keep) el.classList.add("print-hidden");
    });
    var cover = document.createElement("section");
    cover.className = "print-selection";
    var h = document.createElement("p");
    h.className = "print-selection-title";
    h.textContent = "所选案例（" + picked.length + " 个）";
    cover.appendChild(h);
    var conditions = [];
    Object.keys(chosen).forEach(function (f) {
      conditions.push(data.facets[f].label + "：" + chosen[f].map(function (v) {
        return data.facets[f].values[v];
      }).join("、"));
    });
    var p = document.createElement("p");
    p.textContent = "筛选条件：" + conditions.join("；");
    cover.appendChild(p);
    var ol = document.createElement("ol");
    picked.forEach(function (c) {
      var li = document.createElement("li");
      li.textContent = c.title + "（" + c.level + "，" + c.region + "）";
      ol.appendChild(li);
    });
    cover.appendChild(ol);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button md-button--primary print-selection-button";
    button.textContent = "打印";
    button.addEventListener("click", function () { window.print(); });
    cover.appendChild(button);
    all.insertBefore(cover, all.firstChild);
    var h1 = document.querySelector(".md-content h1");
    if (h1 && h1.firstChild) h1.firstChild.nodeValue = "社区治理案例手册（所选案例）";
    document.body.setAttribute("data-print-selection", String(picked.length));
  }

  var script = document.createElement("script");
  script.src = new URL("../library/assets/facets.js", here).href;
  script.onload = function () { if (window.HANDBOOK_FACETS) show(window.HANDBOOK_FACETS); };
  document.head.appendChild(script);
})();
