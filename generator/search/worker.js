/* Search worker of the community case handbook (written by the generator; do not edit the copy
 * under docs/library/search/, edit generator/search/worker.js).
 *
 * Speaks the messages of Material for MkDocs' search box (SETUP 0, READY 1, QUERY 2, RESULT 3),
 * so the box, result list, keyboard navigation and in-page highlighting stay as they are. Reads
 * the index the generator wrote next to this file; every index file is one call
 * __hb.<kind>(<JSON>, …). Served, the worker fetches files side by side and reads the call's
 * arguments with JSON.parse (no eval, no blob); from file://, where nothing can be fetched, the
 * iframe-worker shim runs this in a page and the files load as <script> tags.
 *
 * A query is normalised (full-width, case, Traditional → Simplified), split into Chinese runs
 * and Latin/digit words; Chinese runs are cut into the fewest words the index knows (never
 * dropping a character; the last may be a prefix while the reader types); Latin words match
 * pinyin, initials and numbers as prefixes. Documents must match every word (AND); if none do,
 * any word (OR). Order: a page named exactly as the query, then cases, terms, tags, categories,
 * sources; other site pages only when nothing else matches. A one-word query whose word is in
 * many documents has its answer ready-made by the generator (generator/search/answers.py, which
 * mirrors match, rank, order, passage and present here: change both together).
 */
"use strict";

var SELF = (typeof document !== "undefined" && document.currentScript && document.currentScript.src)
  || self.location.href;
var BASE = SELF.replace(/[?#].*$/, "").replace(/[^\/]*$/, "");
var MAX_QUERY = 64;          /* characters of a query that are read */
var SITE = 5;

var S = { meta: null, shards: {}, answered: {}, docs: {}, answers: {}, loaded: {} };

self.__hb = {
  meta: function (m) {
    S.meta = m;
    (m.answered || "").split(",").forEach(function (key) { if (key) S.answered[key] = true; });
  },
  shard: function (name, keys) { S.shards[name] = keys; },
  doc: function (first, infos) {   /* x/<n>.js: the documents numbered from first */
    for (var k = 0; k < infos.length; k++) S.docs[first + k] = infos[k];
  },
  answer: function (key, items) { S.answers[key] = items; }
};

function results() { return S.meta.results || 20; }
function passages() { return S.meta.passages || 10; }

var CALL = /^__hb\.(meta|shard|doc|answer)\(([\s\S]*)\);\s*$/;

/* Run one index file read as text: its arguments are JSON. */
function runFile(text, url) {
  var call = CALL.exec(text);
  if (!call) throw new Error(url);
  self.__hb[call[1]].apply(null, JSON.parse("[" + call[2] + "]"));
}

/* Load index files (paths without .js) not loaded yet; resolves when all have run. */
function load(paths) {
  var wanted = [];
  for (var i = 0; i < paths.length; i++) {
    if (wanted.indexOf(paths[i]) < 0 && !S.loaded[paths[i]]) wanted.push(paths[i]);
  }
  if (!wanted.length) return Promise.resolve();
  var version = S.meta ? S.meta.version : String(Date.now());
  var url = function (p) { return BASE + p + ".js?v=" + version; };
  var done = function () { wanted.forEach(function (p) { S.loaded[p] = true; }); };
  if (typeof document !== "undefined" && document.body) return Promise.all(wanted.map(function (p) {
    return script(url(p));
  })).then(done);
  if (typeof fetch === "function") {
    return Promise.all(wanted.map(function (p) {
      return fetch(url(p)).then(function (r) {
        if (!r.ok) throw new Error(url(p));
        return r.text();
      }).then(function (text) { runFile(text, url(p)); });
    })).then(done);
  }
  try {
    importScripts.apply(self, wanted.map(url));
    done();
    return Promise.resolve();
  } catch (err) {
    return Promise.reject(err);
  }
}

/* From file:// the "worker" is the shim's iframe, whose importScripts adds one <script> after
 * another; the index files do not depend on each other, so load them side by side. */
function script(url) {
  return new Promise(function (resolve, reject) {
    var tag = document.createElement("script");
    tag.src = url;
    tag.onload = function () { tag.remove(); resolve(); };
    tag.onerror = function () { tag.remove(); reject(new Error(url)); };
    document.body.appendChild(tag);
  });
}

var CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
var TOKEN = /[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g;

function zhShard(ch) { return "z/" + ch.charCodeAt(0).toString(16); }
function latinShard(word) { return "p/" + word.slice(0, 2); }
function hasZh(ch) { return S.meta.zh.indexOf(ch) >= 0; }
function hasLatin(name) { return S.meta.latin.indexOf(name.slice(2)) >= 0; }

/* Full-width to half-width, lower case, Traditional to Simplified, at most MAX_QUERY characters. */
function normalize(query) {
  var text = String(query || "").normalize("NFKC").toLowerCase();
  var out = "";
  var chars = Array.from(text).slice(0, MAX_QUERY);
  for (var i = 0; i < chars.length; i++) out += S.meta.t2s[chars[i]] || chars[i];
  return out;
}

function runs(text) {
  return (text.match(TOKEN) || []).map(function (t) { return { text: t, zh: CJK.test(t) }; });
}

/* The files a query needs: for each Chinese character its first-character file and, where that
 * is split, the part for the character after it; for Latin words their two-letter file. */
function shardsFor(list) {
  var paths = [];
  list.forEach(function (run) {
    if (run.zh) {
      for (var i = 0; i < run.text.length; i++) {
        if (!hasZh(run.text.charAt(i))) continue;
        paths.push(zhShard(run.text.charAt(i)));
        var sub = subShard(run.text, i);
        if (sub) paths.push(sub);
      }
    } else {
      var name = latinShard(run.text);
      if (hasLatin(name)) paths.push(name);
    }
  });
  return paths;
}

function keysOf(path) { return S.shards[path] || {}; }

/* The files holding the words that start at a run's first character. */
function startFiles(text) {
  if (!hasZh(text.charAt(0))) return [];
  var sub = subShard(text, 0);
  return sub ? [zhShard(text.charAt(0)), sub] : [zhShard(text.charAt(0))];
}

/* A large first-character file is split by the second character (meta.split lists which). */
function subShard(text, i) {
  var seconds = S.meta.split[text.charAt(i)];
  var second = text.charAt(i + 1);
  if (!seconds || !second || seconds.indexOf(second) < 0) return null;
  return zhShard(text.charAt(i)) + "-" + second.charCodeAt(0).toString(16);
}

/* Every key starting at text[i]: the first-character shard, and its second-character part. */
function keysAt(text, i) {
  var first = keysOf(zhShard(text.charAt(i)));
  var sub = subShard(text, i);
  if (!sub) return first;
  var both = {}, k, part = keysOf(sub);
  for (k in first) both[k] = first[k];
  for (k in part) both[k] = part[k];
  return both;
}

/* Cut a Chinese run into the fewest known words; an unknown character stands alone, and the
 * run's tail may be the start of a longer word (the reader is still typing). */
function segment(run) {
  var n = run.length, best = [{ cost: 0, from: -1, kind: "" }];
  for (var i = 1; i <= n; i++) best.push({ cost: Infinity, from: -1, kind: "" });
  for (i = 0; i < n; i++) {
    if (best[i].cost === Infinity) continue;
    var keys = keysAt(run, i);
    var found = false;
    for (var j = Math.min(n, i + 24); j > i; j--) {
      var word = run.slice(i, j);
      if (Object.prototype.hasOwnProperty.call(keys, word)) {
        relax(i, j, 1, "word");
        found = true;
      } else if (j === n && isPrefix(keys, word)) {
        relax(i, j, 1.1, "prefix");
        found = true;
      }
    }
    if (!found) relax(i, i + 1, 2, "word");
  }
  function relax(i, j, cost, kind) {
    if (best[i].cost + cost < best[j].cost) best[j] = { cost: best[i].cost + cost, from: i, kind: kind };
  }
  var parts = [];
  for (var k = n; k > 0; k = best[k].from) parts.unshift({ text: run.slice(best[k].from, k), kind: best[k].kind });
  return parts;
}

function isPrefix(keys, word) {
  for (var key in keys) if (key.length > word.length && key.lastIndexOf(word, 0) === 0) return true;
  return false;
}

/* Decode [doc, weight, delta, weight, …] into doc → weight × factor, keeping the best. */
function addPostings(into, list, factor) {
  var doc = 0;
  for (var i = 0; i < list.length; i += 2) {
    doc += list[i];
    var score = list[i + 1] * factor;
    if (!(doc in into) || into[doc] < score) into[doc] = score;
  }
}

/* doc → score for one query word: the key itself, and longer keys it starts (weighed less). */
function match(term, zh, last) {
  var out = {};
  var keys = zh ? keysAt(term, 0)
    : keysOf(term.length === 1 ? "p/" + term : latinShard(term));
  if (Object.prototype.hasOwnProperty.call(keys, term)) addPostings(out, keys[term], 1);
  if (!zh || last) {
    for (var key in keys) {
      if (key.length > term.length && key.lastIndexOf(term, 0) === 0) addPostings(out, keys[key], zh ? 0.5 : 0.6);
    }
  }
  return out;
}

/* Documents for which the whole query is one of their names. */
function exactDocs(joined) {
  var out = {};
  if (!joined) return out;
  var keys = CJK.test(joined.charAt(0)) ? keysAt(joined, 0) : keysOf(latinShard(joined));
  var list = Object.prototype.hasOwnProperty.call(keys, joined) ? keys[joined] : null;
  if (!list) return out;
  var doc = 0;
  for (var i = 0; i < list.length; i += 2) {
    doc += list[i];
    if (list[i + 1] >= S.meta.exact) out[doc] = true;
  }
  return out;
}

function combine(maps, all) {
  var out = {};
  if (!maps.length) return out;
  if (all) {
    var first = maps[0];
    for (var doc in first) {
      var sum = 0, ok = true;
      for (var i = 0; i < maps.length; i++) {
        if (!(doc in maps[i])) { ok = false; break; }
        sum += maps[i][doc];
      }
      if (ok) out[doc] = { score: sum, hits: maps.length };
    }
    return out;
  }
  maps.forEach(function (map) {
    for (var doc in map) {
      var item = out[doc] || (out[doc] = { score: 0, hits: 0 });
      item.score += map[doc];
      item.hits += 1;
    }
  });
  return out;
}

function escapeHTML(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\\/-]/g, "\\$&"); }

function highlighter(words) {
  var list = words.filter(function (w) { return w; }).sort(function (a, b) { return b.length - a.length; });
  if (!list.length) return escapeHTML;
  var re = new RegExp("(" + list.map(escapeRegExp).join("|") + ")", "gi");
  return function (text) {
    return text.split(re).map(function (part, i) {
      return i % 2 ? "<mark>" + escapeHTML(part) + "</mark>" : escapeHTML(part);
    }).join("");
  };
}

/* The passage around the first match, about 90 characters. */
function passage(text, words) {
  var lower = text.toLowerCase(), at = -1;
  words.forEach(function (w) {
    var i = w ? lower.indexOf(w) : -1;
    if (i >= 0 && (at < 0 || i < at)) at = i;
  });
  var start = Math.max(0, (at < 0 ? 0 : at) - 30);
  var cut = text.slice(start, start + 90);
  return (start > 0 ? "…" : "") + cut + (start + 90 < text.length ? "…" : "");
}

function search(query) {
  var text = normalize(query);
  var parts = runs(text);
  if (!parts.length) return Promise.resolve([]);
  var joined = parts.map(function (r) { return r.text; }).join("");
  var allLatin = parts.every(function (r) { return !r.zh; });
  if (parts.length === 1 && parts[0].zh && S.answered[parts[0].text]) return answer(parts[0].text);
  var paths = shardsFor(parts);
  if (allLatin && parts.length > 1) paths = paths.concat(shardsFor([{ text: joined, zh: false }]));
  parts.forEach(function (r) { if (!r.zh && r.text.length === 1 && hasLatin("p/" + r.text)) paths.push("p/" + r.text); });
  /* First only the Latin files and those of each Chinese run's first character (and of the
   * whole query's start, for exactDocs). When every Chinese run is itself a word of the index
   * (a title, a name, a tag) or the start of one (the reader is typing it), segment() can do
   * no better than that one word, and match() and exactDocs() read only these files; the
   * files of the other characters are loaded only for queries that must be cut. */
  var first = paths.filter(function (p) { return p.indexOf("p/") === 0; });
  parts.forEach(function (r) { if (r.zh) first = first.concat(startFiles(r.text)); });
  if (CJK.test(joined.charAt(0))) first = first.concat(startFiles(joined));
  return load(first).then(function () {
    var settled = parts.every(function (r) {
      if (!r.zh) return true;
      var keys = keysAt(r.text, 0);
      return Object.prototype.hasOwnProperty.call(keys, r.text) || isPrefix(keys, r.text);
    });
    return settled ? null : load(paths);
  }).then(function () {
    var terms = [];
    parts.forEach(function (run, index) {
      var lastRun = index === parts.length - 1;
      if (run.zh) {
        var cut = segment(run.text);
        cut.forEach(function (piece, k) {
          terms.push({ text: piece.text, zh: true, last: lastRun && k === cut.length - 1 });
        });
      } else {
        terms.push({ text: run.text, zh: false, last: lastRun });
      }
    });
    var maps = terms.map(function (t) { return match(t.text, t.zh, t.last); });
    var found = combine(maps, true);
    if (allLatin && parts.length > 1) {       /* lin li zhong xin: the words together first */
      var together = match(joined, false, true);
      if (Object.keys(together).length) { found = combine([together], true); terms = [{ text: joined, zh: false }]; maps = [together]; }
    }
    if (!Object.keys(found).length && maps.length > 1) found = combine(maps, false);
    var exact = exactDocs(joined);
    return rank(found, exact, terms, parts);
  });
}

/* Kinds are ranges of document numbers (the generator numbers cases first, site pages last). */
function kindOf(doc) {
  var kind = 0, starts = S.meta.starts;
  for (var i = 0; i < starts.length; i++) if (doc >= starts[i]) kind = i;
  return kind;
}

function rank(found, exact, terms, parts) {
  var items = Object.keys(found).map(function (key) {
    var d = Number(key);
    return { doc: d, kind: kindOf(d), exact: !!exact[d], hits: found[d].hits,
             score: found[d].score, phrase: false, url: "", title: "" };
  });
  var content = items.filter(function (i) { return i.kind !== SITE; });
  if (content.length) items = content;
  if (!items.length) return Promise.resolve([]);
  order(items);
  var phrase = parts.filter(function (r) { return r.zh; }).map(function (r) { return r.text; })
    .filter(function (t) { return terms.length > 1 && t.length > 1; });
  /* One round of loads: address, title and text of every result listed; a multi-word query
   * puts those holding its whole phrase first among them. */
  var top = items.slice(0, results());
  return load(top.map(function (i) { return "x/" + Math.floor(i.doc / S.meta.pack); })).then(function () {
    top.forEach(function (i) {
      var info = S.docs[i.doc] || ["", "", i.kind, ""];
      i.url = info[0];
      i.title = info[1];
      i.body = info[3];
      if (phrase.length) {
        i.phrase = phrase.every(function (p) { return i.body.toLowerCase().indexOf(p) >= 0; });
      }
    });
    if (phrase.length) order(top);
    return top;
  });
}

/* The generator's ready-made answer for a one-word query (generator/search/answers.py). */
function answer(key) {
  var path = "a/" + Array.from(key).map(function (ch) { return ch.codePointAt(0).toString(16); }).join("-");
  return load([path]).then(function () {
    return (S.answers[key] || []).map(function (a) {
      var has = {};
      has[key] = !!a[5];
      return { doc: a[0], url: a[1], title: a[2], kind: a[3], exact: !!a[4], hits: 1, score: 0,
               has: has, cut: a[6] };
    });
  });
}

function order(items) {
  items.sort(function (a, b) {
    return (b.exact - a.exact) || (b.hits - a.hits) || (a.kind - b.kind) || (b.phrase - a.phrase)
      || (b.score - a.score) || (a.doc - b.doc);
  });
}

function present(items, query) {
  var text = normalize(query);
  var parts = runs(text);
  var words = parts.map(function (r) { return r.text; });
  var zhWords = [];
  if (parts.length === 1 && parts[0].zh && S.answered[parts[0].text]) {
    zhWords = [parts[0].text];          /* a word of the index: segment() would keep it whole */
  } else {
    parts.forEach(function (r) { if (r.zh) segment(r.text).forEach(function (p) { zhWords.push(p.text); }); });
  }
  var shown = words.concat(zhWords);
  var mark = highlighter(shown);
  return items.map(function (item, rankIndex) {
    var haystack = (item.title + (item.body || "")).toLowerCase();
    var terms = {};
    var matched = false;
    shown.forEach(function (w) {
      if (CJK.test(w)) {
        var has = item.has ? !!item.has[w] : haystack.indexOf(w) >= 0;
        if (has) { terms[w] = true; matched = true; }
        else if (item.hits < words.length && zhWords.indexOf(w) >= 0) terms[w] = false;
      }
    });
    if (!matched) terms[item.title] = true;   /* pinyin hit: highlight the name on the page */
    var cut = item.cut !== undefined ? item.cut
      : rankIndex < passages() && item.body ? passage(item.body, shown) : "";
    return [{
      location: item.url,
      title: mark(item.title),
      text: cut ? mark(cut) : "",
      score: results() - rankIndex + (item.exact ? 1000 : 0),
      terms: terms,
      tags: [S.meta.kinds[item.kind] || ""]
    }];
  });
}

function ready() {
  return load(["meta"]);
}

var queue = Promise.resolve();

self.addEventListener("message", function (ev) {
  var message = ev.data || {};
  if (message.type === 0) {
    queue = queue.then(ready).then(function () { self.postMessage({ type: 1 }); });
  } else if (message.type === 2) {
    var query = message.data;
    queue = queue.then(function () {
      return search(query).then(function (items) {
        self.postMessage({ type: 3, data: { items: present(items, query), total: items.length } });
      });
    }).catch(function () {
      self.postMessage({ type: 3, data: { items: [], total: 0 } });
    });
  }
});
