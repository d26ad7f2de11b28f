// Starts the web editor (Sveltia CMS) the way this site needs it; served at /admin/setup.js.
// - The editor first chooses the language of the originals they work on (?original=uk): the CMS
//   creates new items in that language only and edits the facts all translations share in it.
// - The CMS fetches its interface translations from a CDN; they are served from this folder instead.
// - Its update check (the version is pinned in admin/package-lock.json) and GitHub status check (a
//   third party) are not made.
// - The CMS writes pictures as /assets/<file>; the site's convention is assets/<file>.
// - The chosen language stays in the address (?original=), which the CMS would drop.
"use strict";

(() => {
  const settings = JSON.parse(document.getElementById("cms-settings").textContent);
  const original = new URLSearchParams(location.search).get("original");

  if (!settings.languages.includes(original)) {
    const choose = document.getElementById("choose");
    // An address without the language (e.g. a bookmark of /admin/#/collections/events) leads to the
    // same place once the language is chosen.
    for (const link of choose.querySelectorAll("a[href^='?original=']")) {
      link.setAttribute("href", link.getAttribute("href") + location.hash);
    }
    choose.hidden = false;
    return;
  }

  // Interface translations: same files, from the npm package copied beside this script.
  const nativeFetch = window.fetch.bind(window);
  window.fetch = (resource, options) => {
    const url = typeof resource === "string" ? resource : resource instanceof URL ? resource.href : resource.url;
    if (url.startsWith(settings.localesFrom) && /^[A-Za-z-]+\.json$/.test(url.slice(settings.localesFrom.length))) {
      return nativeFetch(new URL("locales/" + url.slice(settings.localesFrom.length), document.baseURI), options);
    }
    if (url === settings.notFetched[0]) {
      return Promise.resolve(new Response(JSON.stringify({ version: settings.version }),
        { headers: { "Content-Type": "application/json" } }));
    }
    if (url.startsWith(settings.notFetched[1])) {
      return Promise.reject(new TypeError("not fetched: " + url));
    }
    return nativeFetch(resource, options);
  };

  const PUBLIC_PREFIX = "/" + settings.mediaFolder + "/";
  const relativePictures = (value) => {
    if (typeof value === "string") {
      const whole = value.startsWith(PUBLIC_PREFIX) ? value.slice(1) : value;
      // Markdown images and links, and HTML src/href, in the body.
      return whole.replaceAll("](" + PUBLIC_PREFIX, "](" + PUBLIC_PREFIX.slice(1))
        .replaceAll('src="' + PUBLIC_PREFIX, 'src="' + PUBLIC_PREFIX.slice(1))
        .replaceAll('href="' + PUBLIC_PREFIX, 'href="' + PUBLIC_PREFIX.slice(1));
    }
    if (value && typeof value.map === "function" && typeof value.get === "function") {
      return value.map(relativePictures); // Immutable Map or List
    }
    return value;
  };

  // The CMS writes its addresses as <page>#<route>, without the query: ?original= is kept in them, so a
  // reload or a bookmark opens the editor in the same language instead of asking again.
  const chosen = "?original=" + encodeURIComponent(original);
  for (const method of ["pushState", "replaceState"]) {
    const native = history[method].bind(history);
    history[method] = (state, unused, url) => {
      if (url !== undefined && url !== null) {
        const target = new URL(url, location.href);
        if (target.origin === location.origin && target.pathname === location.pathname && !target.search) {
          target.search = chosen;
          return native(state, unused, target.href);
        }
      }
      return native(state, unused, url);
    };
  }

  window.CMS_MANUAL_INIT = true;
  const script = document.createElement("script");
  script.src = "sveltia-cms.js";
  script.addEventListener("load", () => {
    window.CMS.registerEventListener({
      name: "preSave",
      handler: ({ entry }) => entry
        .update("data", relativePictures)
        .update("i18n", (translations) => translations && translations.map(
          (translation) => translation.update("data", relativePictures))),
    });
    window.CMS.init({
      config: {
        i18n: { default_locale: original },
        app_title: settings.title + " — " + settings.names[original],
      },
    });
  });
  document.body.append(script);
})();
