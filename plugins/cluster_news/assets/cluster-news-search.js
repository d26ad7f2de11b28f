/* cluster-news: the search page. Pagefind's API finds pages in the page's language (its index is
   chosen from <html lang>); this script writes results as readers expect them: a heading per result
   with its type and date, an excerpt with the matches marked, and a few sections of the page.
   Other forms of the query's words find pages too: the build's table of the language's word forms
   (core/wordforms.py) gives, for a form a reader may type, the forms the site uses; Pagefind is asked
   for those as well, and what the query itself finds comes first.
   The query lives in the address (?q=...), so the header's search box and shared links work. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-cn-search]");
  if (!form) { return; }
  var strings = JSON.parse(form.getAttribute("data-cn-search"));
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector(".cn-search__status");
  var list = document.querySelector(".cn-search__results");
  var more = document.querySelector(".cn-search__more");
  var root = new URL(form.getAttribute("data-cn-root"), window.location.href).pathname;
  var bundle = new URL(form.getAttribute("data-cn-bundle"), window.location.href).href;
  var forms = new URL(form.getAttribute("data-cn-forms"), window.location.href).href;
  var plural = new Intl.PluralRules(document.documentElement.lang);
  var number = new Intl.NumberFormat(document.documentElement.lang);
  var PAGE = 10;
  var SEARCHES = 24;  // at most, for the other forms of one query's words
  var shardNames = null;
  var shards = {};
  var pagefind = null;
  var results = [];
  var shown = 0;
  var latest = 0;
  var timer = null;

  function say(text, query, count) {
    status.textContent = text.replace("[SEARCH_TERM]", query).replace("[COUNT]", number.format(count));
  }

  function counted(count) {
    // The count's sentence in the form the language's CLDR plural rules give that number.
    var sentences = strings.search_results;
    return count === 0 ? strings.search_zero : sentences[plural.select(count)] || sentences.other;
  }

  // A word as Pagefind folds it (and core/wordforms.py: search_term): its letters and digits, in lower case,
  // without the marks that Unicode decomposition separates.
  function term(word) {
    return word.toLowerCase().normalize("NFD").replace(/[^\p{L}\p{N}]/gu, "");
  }

  // Its key in the word-form table (core/wordforms.py: lookup_key): Polish ł as l too.
  function key(word) {
    return term(word).replace(/ł/g, "l");
  }

  function json(url) {
    return fetch(url).then(function (response) { return response.ok ? response.json() : null; });
  }

  // The name of the shard of a table that holds `wanted`, if any (core/wordforms.py: shard_of): the longest
  // of `names` that a beginning of it (two letters at least) is named by, as code points.
  function shardOf(wanted, names) {
    var letters = Array.from(wanted);
    for (var size = letters.length; size >= 2; size--) {
      var name = letters.slice(0, size).map(function (c) { return c.codePointAt(0).toString(16); }).join("-");
      if (names.indexOf(name) >= 0) { return name; }
    }
    return null;
  }

  // The forms the site uses of the word `word` is a form of: from its shard of the table, fetched once.
  function otherForms(word) {
    var wanted = key(word);
    if (wanted.length < 2) { return Promise.resolve([]); }
    if (!shardNames) {
      shardNames = json(forms + "index.json").then(function (names) { return names || []; });
    }
    return shardNames.then(function (names) {
      var name = shardOf(wanted, names);
      if (!name) { return []; }
      if (!shards[name]) { shards[name] = json(forms + name + ".json"); }
      return shards[name].then(function (shard) {
        return shard && Object.prototype.hasOwnProperty.call(shard, wanted) ? shard[wanted] : [];
      });
    }).catch(function () { return []; });
  }

  // The query with each word that has forms in the site replaced by one of them: every combination but the
  // query itself (the word as typed would bring back Pagefind's matches of its beginning), the forms the
  // site uses most first, no more than SEARCHES.
  function variants(words, alternatives) {
    var lists = words.map(function (word, index) {
      return alternatives[index].length ? alternatives[index].slice() : [word];
    });
    var size = function () { return lists.reduce(function (product, list) { return product * list.length; }, 1); };
    while (size() > SEARCHES) {
      lists.reduce(function (longest, list) { return list.length > longest.length ? list : longest; }).pop();
    }
    var queries = [[]];
    lists.forEach(function (list) {
      queries = [].concat.apply([], queries.map(function (start) {
        return list.map(function (form) { return start.concat([form]); });
      }));
    });
    return queries.filter(function (chosen) {
      return chosen.some(function (form, index) { return form !== words[index] && form !== term(words[index]); });
    }).map(function (chosen) { return chosen.join(" "); });
  }

  // What the query finds (as Pagefind ranks it), then the pages only other forms find, best first.
  function found(module, query) {
    var exact = module.search(query);
    var words = query.split(/\s+/).filter(Boolean);
    if (/^\s*".+"\s*$/.test(query)) { return exact.then(function (search) { return search.results; }); }
    return Promise.all([exact, Promise.all(words.map(otherForms))]).then(function (both) {
      return Promise.all(variants(words, both[1]).map(function (variant) { return module.search(variant); }))
        .then(function (searches) {
          var seen = {};
          both[0].results.forEach(function (result) { seen[result.id] = true; });
          var others = {};
          searches.forEach(function (search) {
            search.results.forEach(function (result) {
              if (!seen[result.id] && (!others[result.id] || others[result.id].score < result.score)) {
                others[result.id] = result;
              }
            });
          });
          var rest = Object.keys(others).map(function (id) { return others[id]; });
          rest.sort(function (a, b) { return b.score - a.score || (a.id < b.id ? -1 : 1); });
          return both[0].results.concat(rest);
        });
    });
  }

  function clean(text) {
    // A heading's permalink sign is not part of its name.
    return (text || "").replace(/\s*¶\s*$/, "").trim();
  }

  // Pagefind's excerpts are text with <mark> around matches: keep exactly that, as nodes, never as HTML.
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html || "";
    var paragraph = document.createElement("p");
    paragraph.className = "cn-result__excerpt";
    template.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent.replace(/¶/g, "")));
      }
    });
    return paragraph;
  }

  function link(url, text) {
    var anchor = document.createElement("a");
    anchor.href = url;
    anchor.textContent = text;
    return anchor;
  }

  function render(data) {
    var item = document.createElement("li");
    item.className = "cn-result";
    var heading = document.createElement("h2");
    heading.className = "cn-result__title";
    heading.appendChild(link(data.url, clean(data.meta.title) || data.url));
    item.appendChild(heading);
    var facts = [data.meta.type || strings.type_page, data.meta.date].filter(Boolean);
    var meta = document.createElement("p");
    meta.className = "cn-result__meta";
    meta.textContent = facts.join(" · ");
    item.appendChild(meta);
    item.appendChild(excerpt(data.excerpt));
    var sections = (data.sub_results || []).filter(function (sub) {
      return sub.url !== data.url && clean(sub.title) && clean(sub.title) !== clean(data.meta.title);
    }).slice(0, 3);
    if (sections.length) {
      var subs = document.createElement("ul");
      subs.className = "cn-result__sections";
      sections.forEach(function (sub) {
        var entry = document.createElement("li");
        entry.appendChild(link(sub.url, clean(sub.title)));
        entry.appendChild(excerpt(sub.excerpt));
        subs.appendChild(entry);
      });
      item.appendChild(subs);
    }
    return item;
  }

  function showMore(run) {
    var batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    more.hidden = true;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (run !== latest) { return; }
      pages.forEach(function (data) { list.appendChild(render(data)); });
      more.hidden = shown >= results.length;
    });
  }

  function load() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (module) {
        return module.options({ baseUrl: root }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  function search(query) {
    var run = ++latest;
    list.textContent = "";
    more.hidden = true;
    var address = query ? "?q=" + encodeURIComponent(query) : window.location.pathname;
    window.history.replaceState(null, "", address);
    if (!query) { status.textContent = ""; return; }
    say(strings.search_searching, query, 0);
    load().then(function (module) {
      return found(module, query);
    }).then(function (pages) {
      if (run !== latest) { return; }
      results = pages;
      shown = 0;
      return showMore(run).then(function () {
        // Said once the first results are on the page, so that what is announced can be read.
        if (run === latest) { say(counted(results.length), query, results.length); }
      });
    }).catch(function () {
      if (run === latest) { status.textContent = strings.search_failed; }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search(input.value.trim());
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { search(input.value.trim()); }, 250);
  });
  more.addEventListener("click", function () { showMore(latest); });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial.trim());
  }
})();
