// The search page (templates/search.html) over the index `newsgen build` writes to
// search/ (src/newsgen/search: its docstrings describe the files). Plain script: no
// library, no eval, nothing from elsewhere. What comes from the index (titles,
// names, outlets, excerpts) reaches the page as text nodes only, never as HTML.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) return;

  var PAGE = 20;            // results shown at a time
  var PREFIX_MIN = 3;       // the word being typed matches longer words once it has this many letters
  var MAX_EXPANSIONS = 50;  // ... and at most this many of them, the most common
  var K1 = 1.2, B = 0.75;   // BM25
  var VALUES_SHOWN = 12;    // filter values shown before "show more"
  // an article has one outlet and one year: ticked values of these are alternatives (OR);
  // ticked people, organizations, places and events must all be in the article (AND)
  var ALTERNATIVES = {outlet: true, year: true};
  var WORD = /[\p{L}\p{N}]+/gu;
  var RUN = /[\p{L}\p{N}\p{Mn}]+/gu;  // a word as written, accents included: what gets highlighted

  var strings = JSON.parse(root.dataset.strings);
  var indexUrl = new URL(root.dataset.index, location.href);
  var input = document.getElementById("search-input");
  var sortSelect = document.getElementById("search-sort");
  var countLine = document.getElementById("search-count");
  var resultList = document.getElementById("search-results");
  var moreButton = document.getElementById("search-more");
  var clearButton = document.getElementById("search-clear");

  function showStatus(id) {  // one status line at a time; none while search works
    document.querySelectorAll("[data-search-state]").forEach(function (line) {
      line.hidden = line.id !== id;
    });
  }

  if (location.protocol === "file:") {  // browsers do not let a page fetch files from disk
    showStatus("search-file");
    return;
  }

  // ---------------------------------------------------------------- words
  // Exactly src/newsgen/search/words.py: lower case, accents off, runs of letters and digits.

  function fold(text) {
    return text.normalize("NFKD").toLowerCase().normalize("NFKD").replace(/\p{Mn}/gu, "").replace(/ς/g, "σ");
  }

  function words(text) {
    return fold(text).match(WORD) || [];
  }

  // ---------------------------------------------------------------- the index files

  var files = {};  // path -> Promise of its JSON, so each file is fetched once

  function load(path) {
    if (!files[path]) {
      files[path] = fetch(new URL(path, indexUrl)).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.url);
        return response.json();
      });
    }
    return files[path];
  }

  function own(object, key) {  // JSON keys are data: "constructor" or "__proto__" must not find Object's
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function fill(pattern, name, value) {
    return pattern.replace("{" + name + "}", value);
  }

  function undelta(deltas) {
    var ids = new Int32Array(deltas.length), id = 0;
    for (var i = 0; i < deltas.length; i++) ids[i] = id += deltas[i];
    return ids;
  }

  // A shard's file name from its key: as src/newsgen/search/postings.py names it.
  function shardFile(key) {
    var name = "";
    for (var ch of key) name += /^[a-z0-9]$/.test(ch) ? ch : "-" + ch.codePointAt(0).toString(16) + "-";
    return fill(manifest.files.shard, "name", name);
  }

  function shardOf(word) {  // the longest key the word starts with
    var best = null;
    manifest.shards.forEach(function (key) {
      if (word.startsWith(key) && (best === null || key.length > best.length)) best = key;
    });
    return best;
  }

  var manifest, table, facets = {}, averageLength = 1, stopWords = new Set();
  var postingsOf = new Map();  // word -> Promise of {docs, counts} or null

  function postings(word) {
    if (!postingsOf.has(word)) {
      var key = shardOf(word);
      postingsOf.set(word, key === null ? Promise.resolve(null) : load(shardFile(key)).then(function (shard) {
        return own(shard, word) ? {docs: undelta(shard[word][0]), counts: shard[word][1]} : null;
      }));
    }
    return postingsOf.get(word);
  }

  // Postings of the commonest words that start with `prefix`: the shards of longer keys, and
  // the shard of the longest key `prefix` itself starts with (it may hold such words too).
  function prefixPostings(prefix) {
    var keys = manifest.shards.filter(function (key) { return key.startsWith(prefix); });
    var home = shardOf(prefix);
    if (home !== null && keys.indexOf(home) < 0) keys.push(home);
    return Promise.all(keys.map(function (key) { return load(shardFile(key)); })).then(function (shards) {
      var found = [];
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (word) {
          if (word.startsWith(prefix)) found.push({word: word, size: shard[word][1].length, data: shard[word]});
        });
      });
      found.sort(function (a, b) { return b.size - a.size || (a.word < b.word ? -1 : 1); });
      return found.slice(0, MAX_EXPANSIONS).map(function (entry) {
        return {docs: undelta(entry.data[0]), counts: entry.data[1]};
      });
    });
  }

  function start() {
    return load(indexUrl.href).then(function (loaded) {
      manifest = loaded;
      stopWords = new Set(manifest.stop_words);
      var facetFiles = manifest.facets.map(function (facet) { return load(fill(manifest.files.facet, "facet", facet)); });
      return Promise.all([load(manifest.files.table)].concat(facetFiles));
    }).then(function (loaded) {
      table = loaded[0];
      var total = table.lengths.reduce(function (sum, n) { return sum + n; }, 0);
      averageLength = total / Math.max(1, table.lengths.length) || 1;
      manifest.facets.forEach(function (facet, n) {
        var values = loaded[n + 1];
        facets[facet] = Object.keys(values).map(function (name) { return {name: name, docs: undelta(values[name])}; });
      });
    });
  }

  // ---------------------------------------------------------------- the query

  // The words to find: every word but stop words, exactly; the last one, while it is still
  // being typed (no space after it), also as the start of longer words.
  function parse(text) {
    var found = words(text), prefix = null;
    var typing = /[\p{L}\p{N}\p{Mn}]$/u.test(text);
    if (found.length && typing && found[found.length - 1].length >= PREFIX_MIN) prefix = found.pop();
    var exact = Array.from(new Set(found.filter(function (word) { return !stopWords.has(word); })));
    return {exact: exact, prefix: prefix, typed: found.length > 0 || prefix !== null};
  }

  function weight(count, doc, size) {  // BM25: idf × saturated, length-normalised count
    var idf = Math.log(1 + (manifest.documents - size + 0.5) / (size + 0.5));
    var norm = 1 - B + B * table.lengths[doc] / averageLength;
    return idf * count * (K1 + 1) / (count + K1 * norm);
  }

  function scores(list) {  // doc -> score of one word's postings
    var map = new Map();
    for (var i = 0; i < list.docs.length; i++) map.set(list.docs[i], weight(list.counts[i], list.docs[i], list.docs.length));
    return map;
  }

  function bestOf(lists) {  // doc -> best score among the words a prefix stands for
    var map = new Map();
    lists.forEach(function (list) {
      scores(list).forEach(function (score, doc) { if (!(map.get(doc) >= score)) map.set(doc, score); });
    });
    return map;
  }

  // Promise of Map doc -> score for documents holding every word, or null when no word was asked
  function match(query) {
    var asked = query.exact.map(function (word) { return postings(word).then(function (list) { return list ? scores(list) : new Map(); }); });
    if (query.prefix !== null) asked.push(prefixPostings(query.prefix).then(bestOf));
    if (!asked.length) return Promise.resolve(null);
    return Promise.all(asked).then(function (maps) {
      maps.sort(function (a, b) { return a.size - b.size; });
      var found = new Map();
      maps[0].forEach(function (score, doc) {
        var total = score;
        for (var i = 1; i < maps.length; i++) {
          if (!maps[i].has(doc)) return;
          total += maps[i].get(doc);
        }
        found.set(doc, total);
      });
      return found;
    });
  }

  // ---------------------------------------------------------------- filters

  var ticked = {};  // facet -> Set of values

  function tickedIn(facet) {
    return ticked[facet] || (ticked[facet] = new Set());
  }

  function anyTicked() {
    return Object.keys(ticked).some(function (facet) { return ticked[facet].size > 0; });
  }

  // Membership (Uint8Array by doc) of the documents the ticked filters allow, leaving out `skip`'s
  function allowed(skip) {
    var size = manifest.documents, member = new Uint8Array(size).fill(1);
    manifest.facets.forEach(function (facet) {
      var chosen = tickedIn(facet);
      if (facet === skip || !chosen.size) return;
      var values = facets[facet].filter(function (value) { return chosen.has(value.name); });
      if (ALTERNATIVES[facet]) {
        var any = new Uint8Array(size);
        values.forEach(function (value) { value.docs.forEach(function (doc) { any[doc] = 1; }); });
        for (var d = 0; d < size; d++) member[d] &= any[d];
      } else {
        if (values.length < chosen.size) member.fill(0);  // a ticked value no longer in the index
        values.forEach(function (value) {
          var has = new Uint8Array(size);
          value.docs.forEach(function (doc) { has[doc] = 1; });
          for (var d = 0; d < size; d++) member[d] &= has[d];
        });
      }
    });
    return member;
  }

  function inResults(found, member) {  // the documents that match the words and the filters
    var docs = [];
    if (found === null) {
      for (var d = 0; d < member.length; d++) if (member[d]) docs.push(d);
    } else {
      found.forEach(function (score, doc) { if (member[doc]) docs.push(doc); });
    }
    return docs;
  }

  function counts(facet, found) {  // value -> how many of the results (this facet's own ticks aside, for alternatives) have it
    var member = ALTERNATIVES[facet] ? allowed(facet) : allowed(null);
    var docs = inResults(found, member), inSet = new Uint8Array(manifest.documents);
    docs.forEach(function (doc) { inSet[doc] = 1; });
    return facets[facet].map(function (value) {
      var n = 0;
      for (var i = 0; i < value.docs.length; i++) n += inSet[value.docs[i]];
      return {name: value.name, count: n};
    });
  }

  // ---------------------------------------------------------------- showing

  function text(content) {
    return document.createTextNode(content);
  }

  function element(name, className, children) {
    var node = document.createElement(name);
    if (className) node.className = className;
    (children || []).forEach(function (child) { node.appendChild(typeof child === "string" ? text(child) : child); });
    return node;
  }

  function matches(query, word) {
    return query.exact.indexOf(word) >= 0 || (query.prefix !== null && word.startsWith(query.prefix));
  }

  // `content` as text nodes, the words of the query in <mark>
  function highlighted(content, query) {
    var fragment = document.createDocumentFragment(), at = 0, run;
    RUN.lastIndex = 0;
    while ((run = RUN.exec(content)) !== null) {
      if (!words(run[0]).some(function (word) { return matches(query, word); })) continue;
      fragment.appendChild(text(content.slice(at, run.index)));
      fragment.appendChild(element("mark", null, [run[0]]));
      at = run.index + run[0].length;
    }
    fragment.appendChild(text(content.slice(at)));
    return fragment;
  }

  function sameSite(url) {  // a link from the index goes to a page of this site, or nowhere
    var resolved = new URL(url, location.href);
    return resolved.origin === location.origin ? resolved.href : null;
  }

  function recordOf(doc) {
    var per = manifest.records_per_file;
    return load(fill(manifest.files.records, "number", String(Math.floor(doc / per)))).then(function (records) {
      return records[doc % per];
    });
  }

  function resultItem(record, query) {
    var link = element("a", null, [highlighted(record.title, query)]);
    var href = sameSite(record.url);
    if (href) link.href = href;
    var meta = element("p", "meta");
    if (record.date) {
      var time = element("time", "date", [record.shown_date || record.date]);
      time.dateTime = record.date;
      meta.appendChild(time);
      if (record.estimated) {
        meta.appendChild(text(" "));
        meta.appendChild(element("span", "badge", [strings.estimated]));
      }
    } else {
      meta.appendChild(element("span", "date undated", [strings.undated]));
    }
    if (record.outlet) meta.appendChild(text(" · " + record.outlet));
    var children = [element("h2", null, [link]), meta];
    if (record.excerpt) children.push(element("p", "summary", [highlighted(record.excerpt, query)]));
    return element("li", null, [element("article", null, children)]);
  }

  function say(message) {
    countLine.textContent = message;
  }

  var view = {query: null, docs: [], shown: 0};

  function showMore(focusFirst) {
    var query = view.query, batch = view.docs.slice(view.shown, view.shown + PAGE), asked = generation;
    view.shown += batch.length;
    moreButton.hidden = view.shown >= view.docs.length;
    return Promise.all(batch.map(recordOf)).then(function (records) {
      if (asked !== generation) return;
      var items = records.map(function (record) { return resultItem(record, query); });
      items.forEach(function (item) { resultList.appendChild(item); });
      if (focusFirst && items.length) items[0].querySelector("a").focus();
    });
  }

  function sortDocs(docs, found, order) {
    var score = function (doc) { return found ? found.get(doc) : 0; };
    var date = function (doc) { return table.dates[doc]; };
    docs.sort(function (a, b) {
      if (order !== "relevance" || !found) {
        var undated = (date(a) === 0) - (date(b) === 0);  // undated last, both ways
        if (undated) return undated;
        var byDate = order === "oldest" ? date(a) - date(b) : date(b) - date(a);
        if (byDate) return byDate;
      }
      return score(b) - score(a) || a - b;
    });
    return docs;
  }

  function facetList(facet, found) {
    var box = root.querySelector('[data-facet="' + facet + '"]');
    var chosen = tickedIn(facet);
    var values = counts(facet, found).filter(function (value) { return value.count > 0 || chosen.has(value.name); });
    values.sort(facet === "year"
      ? function (a, b) { return a.name < b.name ? 1 : -1; }
      : function (a, b) { return b.count - a.count || a.name.localeCompare(b.name); });
    box.hidden = values.length === 0;
    box.querySelector("[data-selected]").textContent = chosen.size ? "(" + chosen.size + ")" : "";
    var list = box.querySelector("ul"), limit = Number(box.dataset.limit || VALUES_SHOWN);
    list.textContent = "";
    values.forEach(function (value, n) {
      if (n >= limit && !chosen.has(value.name)) return;
      var tick = element("input");
      tick.type = "checkbox";
      tick.value = value.name;
      tick.checked = chosen.has(value.name);
      tick.dataset.facet = facet;
      list.appendChild(element("li", null, [element("label", null, [tick, " " + value.name + " ", element("span", "n", [String(value.count)])])]));
    });
    if (values.length > limit) {
      var more = element("button", "search-more-values", [strings.more_values + " (" + (values.length - limit) + ")"]);
      more.type = "button";
      more.dataset.facet = facet;
      list.appendChild(element("li", null, [more]));
    }
  }

  function showFacets(found) {
    var focused = document.activeElement, facet = focused && focused.dataset ? focused.dataset.facet : null;
    var value = focused && focused.type === "checkbox" ? focused.value : null;
    manifest.facets.forEach(function (name) { facetList(name, found); });
    if (facet) {  // the list was made anew: keep the keyboard where it was
      var again = Array.from(root.querySelectorAll('[data-facet="' + facet + '"] input, [data-facet="' + facet + '"] button'))
        .find(function (node) { return value === null ? node.tagName === "BUTTON" : node.value === value; });
      if (again) again.focus();
    }
    clearButton.hidden = !anyTicked();
  }

  // ---------------------------------------------------------------- the page's state in its address

  function readAddress() {
    var params = new URLSearchParams(location.search);
    if (params.has("q")) input.value = params.get("q");
    if (["relevance", "newest", "oldest"].indexOf(params.get("sort")) >= 0) sortSelect.value = params.get("sort");
    manifest.facets.forEach(function (facet) {
      params.getAll(facet).forEach(function (value) { tickedIn(facet).add(value); });
    });
  }

  function writeAddress() {
    var params = new URLSearchParams();
    if (input.value) params.set("q", input.value);
    if (sortSelect.value !== "relevance") params.set("sort", sortSelect.value);
    manifest.facets.forEach(function (facet) {
      Array.from(tickedIn(facet)).sort().forEach(function (value) { params.append(facet, value); });
    });
    var search = params.toString();
    history.replaceState(null, "", search ? "?" + search : location.pathname);
  }

  // ---------------------------------------------------------------- updating

  var generation = 0;  // answers to an older query are dropped

  function busy(state) {  // for assistive technology (and tests): the results are being replaced
    resultList.setAttribute("aria-busy", String(state));
  }

  function update() {
    var asked = ++generation;
    busy(true);
    return ready.then(function () {
      if (asked !== generation) return null;
      writeAddress();
      return match(parse(input.value));
    }).then(function (found) {
      if (asked !== generation) return;
      var query = parse(input.value);
      showFacets(found);
      resultList.textContent = "";
      view = {query: query, docs: [], shown: 0};
      if (found === null && !anyTicked()) {
        moreButton.hidden = true;
        say(query.typed ? strings.common_only : strings.prompt);
        return;
      }
      view.docs = sortDocs(inResults(found, allowed(null)), found, sortSelect.value);
      say(view.docs.length === 0 ? strings.none
        : view.docs.length === 1 ? strings.result : strings.results.replace("{n}", view.docs.length.toLocaleString(document.documentElement.lang)));
      return showMore(false);
    }).then(function () {
      if (asked === generation) busy(false);
    }).catch(unavailable);
  }

  function unavailable(error) {
    root.hidden = true;
    showStatus("search-unavailable");
    if (window.console) console.warn("search:", error);
  }

  var pending = null;
  input.addEventListener("input", function () {
    busy(true);
    clearTimeout(pending);
    pending = setTimeout(update, 120);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      clearTimeout(pending);
      update();
    }
  });
  sortSelect.addEventListener("change", update);
  root.addEventListener("change", function (event) {
    var tick = event.target;
    if (tick.type !== "checkbox" || !tick.dataset.facet) return;
    if (tick.checked) tickedIn(tick.dataset.facet).add(tick.value);
    else tickedIn(tick.dataset.facet).delete(tick.value);
    update();
  });
  root.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".search-more-values") : null;
    if (!button) return;
    var box = root.querySelector('[data-facet="' + button.dataset.facet + '"]');
    box.dataset.limit = Number(box.dataset.limit || VALUES_SHOWN) + 4 * VALUES_SHOWN;
    update();
  });
  moreButton.addEventListener("click", function () { showMore(true); });
  clearButton.addEventListener("click", function () {
    Object.keys(ticked).forEach(function (facet) { ticked[facet].clear(); });
    input.focus();
    update();
  });

  showStatus(null);
  root.hidden = false;
  say(strings.loading);
  var ready = start().then(readAddress);  // what the reader does before it is loaded waits for it
  update();
})();
