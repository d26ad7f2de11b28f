/* cluster-news: the 404 pages. GitHub Pages serves the site's root 404.html (in the default language) for every
   missing address, whatever its language. That page gives every language's message and links without JavaScript;
   with it, an address under another language's folder (…/uk/…) gets that language's own 404 page at once: hidden
   until it goes (nothing is shown in the wrong language first), the page reached puts the address the reader asked
   for back in the address bar, as if it had been served there. Loaded in <head>, before the page is shown
   (adapter/theme/404.html), from the site's own files (the Content-Security-Policy allows them). */
(function () {
  "use strict";
  var ASKED = "cn-asked";  // the address asked for, given to a language's page
  var script = document.currentScript;
  var root = new URL("..", script.src).pathname;  // the site's root: this script is <root>assets/cluster-news-404.js
  var lang = script.getAttribute("data-cn-lang");
  var others = (script.getAttribute("data-cn-languages") || "").split(" ").filter(Boolean);
  if (!others.length) {  // a language's own page, maybe reached from the root's
    var asked = new URLSearchParams(window.location.search).get(ASKED);
    if (asked !== null && asked.indexOf(root + lang + "/") === 0) { window.history.replaceState(null, "", asked); }
    return;
  }
  var path = window.location.pathname;
  var folder = path.indexOf(root) === 0 ? path.slice(root.length).split("/") : [];
  if (folder.length < 2 || others.indexOf(folder[0]) < 0) { return; }  // the root's own language: this page
  document.documentElement.classList.add("cn-leaving");
  window.location.replace(root + folder[0] + "/404.html?" + ASKED + "=" +
    encodeURIComponent(path + window.location.search + window.location.hash));
})();
