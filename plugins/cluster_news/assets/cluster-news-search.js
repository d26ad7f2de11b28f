/* cluster-news: starts Pagefind's search box on the search page, configured by the data attributes of
   its element (a file rather than an inline script: the site's Content-Security-Policy allows only
   its own files). Pagefind indexes each language apart (from <html lang>) and searches the page's. */
(function () {
  "use strict";
  var element = document.querySelector("[data-cn-search]");
  if (!element || typeof PagefindUI === "undefined") { return; }
  new PagefindUI({
    element: "#" + element.id,
    showSubResults: true,
    showImages: false,
    baseUrl: new URL(element.getAttribute("data-base-url"), window.location.href).pathname,
    translations: JSON.parse(element.getAttribute("data-translations"))
  });
})();
