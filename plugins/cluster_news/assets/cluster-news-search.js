/* cluster-news: the search page. Pagefind's API finds pages in the page's language (its index is
   chosen from <html lang>); this script writes results as readers expect them: a heading per result
   with its type and date, an excerpt with the matches marked, and a few sections of the page.
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
  var PAGE = 10;
  var pagefind = null;
  var results = [];
  var shown = 0;
  var latest = 0;
  var timer = null;

  function say(key, query, count) {
    status.textContent = strings[key].replace("[SEARCH_TERM]", query).replace("[COUNT]", String(count));
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
    say("search_searching", query, 0);
    load().then(function (module) {
      return module.search(query);
    }).then(function (found) {
      if (run !== latest) { return; }
      results = found.results;
      shown = 0;
      return showMore(run).then(function () {
        // Said once the first results are on the page, so that what is announced can be read.
        var count = results.length;
        if (run === latest) { say(count === 0 ? "search_zero" : count === 1 ? "search_one" : "search_many", query, count); }
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
