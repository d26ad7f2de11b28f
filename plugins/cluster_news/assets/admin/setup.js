// Starts the web editor (Sveltia CMS) the way this site needs it; served at /admin/setup.js.
// - It speaks the language of the CMS's interface (the CMS's own setting, else the browser's first language
//   the CMS knows): when that is one of the site's languages, our words (the language choice, the picture
//   button) and the configuration (config.<lang>.yml: collections, labels, hints, options) are in it too.
// - The editor first chooses the language of the originals they work on (?original=uk): the CMS
//   creates new items in that language only and edits the facts all translations share in it.
// - The CMS fetches its interface translations from a CDN; they are served from this folder instead.
// - Lists name an item in the language of the originals, else in another it has: that one is then said.
// - Its update check (the version is pinned in admin/package-lock.json) and GitHub status check (a
//   third party) are not made.
// - The CMS writes pictures as /assets/<file>; the site's convention is assets/<file>.
// - The chosen language stays in the address (?original=), which the CMS would drop.
// - Fields of our own (CMS.registerFieldType): the file name, made from the title by the same
//   romanisation as `cluster-news new` (core/slugs.py's tables, in the settings), and references to
//   clusters and projects that offer every published one, in any language (the CMS's relation field
//   offers only those that exist in the language being edited). And the picture button of the text
//   (CMS.registerEditorComponent), which requires alt text (the CMS's own does not).
"use strict";

(() => {
  const settings = JSON.parse(document.getElementById("cms-settings").textContent);
  const original = new URLSearchParams(location.search).get("original");

  // The CMS's interface language as it chooses it (core/admin_site.py lists those it has, ours included),
  // and so ours: the site's language of the same code, else English (the CMS's own fallback).
  const cmsLocale = () => {
    const known = settings.interfaceLanguages;
    try {
      const { locale } = JSON.parse(localStorage.getItem("sveltia-cms.prefs") || "{}") ?? {};
      if (known.includes(locale)) return locale;
    } catch {
      // no storage (blocked), or not JSON: the browser's languages decide
    }
    const primary = (tag) => tag.split("-")[0].toLowerCase();
    const fit = (tag) => (known.includes(tag) ? tag : known.find((code) => primary(code) === primary(tag)));
    return (navigator.languages?.length ? navigator.languages : [navigator.language]).map(fit).find(Boolean);
  };
  const ui = ((locale) => (locale && settings.languages.includes(locale.split("-")[0])
    ? locale.split("-")[0] : settings.sourceLanguage))(cmsLocale());
  const words = settings.interface[ui];
  document.documentElement.lang = ui;
  document.title = words.page_title.replace("{site}", settings.titles[ui]);

  if (!settings.languages.includes(original)) {
    const choose = document.getElementById("choose");
    for (const element of choose.querySelectorAll("[data-text]")) {
      element.textContent = words[element.dataset.text].replace("{site}", settings.titles[ui]);
    }
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

  // File names: core/slugs.py's romanise() and slugify(), with its tables.
  const tables = settings.romanisation;
  const isLetter = (char) => /\p{L}/u.test(char);
  const romaniseUkrainian = (text) => {
    text = text.replaceAll("зг", "zgh"); // keeps it apart from "ж" (zh)
    let out = "";
    for (let index = 0; index < text.length; index += 1) {
      const char = text[index];
      const before = text[index - 1];
      const atWordStart = index === 0 || (!isLetter(before) && !"'’ʼ".includes(before));
      out += atWordStart && char in tables.ukWordStart ? tables.ukWordStart[char] : (tables.uk[char] ?? char);
    }
    return out;
  };
  const romanise = (text, lang) => {
    text = text.toLowerCase();
    if (lang === "bg") {
      text = text.replace(/ия(?![\p{L}\p{N}_])/gu, "ia"); // a word-final "ия": България -> Bulgaria
      text = [...text].map((char) => tables.bg[char] ?? char).join("");
    }
    text = [...romaniseUkrainian(text)].map((char) => tables.latin[char] ?? char).join("");
    return text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  };
  const slugify = (text, lang) => {
    let slug = romanise(text, lang).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (slug.length > settings.slugLength) {
      const cut = slug.slice(0, settings.slugLength);
      slug = cut.slice(0, cut.lastIndexOf("-") > 0 ? cut.lastIndexOf("-") : cut.length);
    }
    return slug;
  };

  // Where the text's pictures are on the site, seen from /admin/: the preview of the text shows them from
  // there until the CMS has the file itself.
  const onSite = (src) => {
    const path = src.replace(/^(\.\.\/)+|^\//, "");
    return path.startsWith(PUBLIC_PREFIX.slice(1)) ? "../" + path : src;
  };
  const escapeHTML = (text) => String(text ?? "").replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

  // The configuration in the interface's language.
  document.querySelector("link[rel='cms-config-url']").setAttribute("href", settings.configs[ui]);

  // Lists: the summary (core/cms.py) is the title and the item's languages, "Title (en, pl)". The CMS shows the
  // title in the language of the originals if the item has it, else in the first of its languages: only
  // then is that language said, by its name ("Title (Polski)"); the title is marked as in it either way.
  const codes = settings.languages.join("|");
  const LANGUAGES_SUFFIX = new RegExp(` \\(((?:${codes})(?:, (?:${codes}))*)\\)$`);
  const markLanguage = (node) => {
    const match = LANGUAGES_SUFFIX.exec(node.nodeValue);
    const parent = node.parentElement;
    if (!match || !parent || parent.closest("[contenteditable], section.field, textarea")) return;
    const languages = match[1].split(", ");
    const lang = languages.includes(original) ? original : settings.languages.find((code) => languages.includes(code));
    const title = node.nodeValue.slice(0, match.index);
    node.nodeValue = lang === original ? title : `${title} (${settings.names[lang]})`;
    parent.setAttribute("lang", lang);
  };
  const markLanguages = (root) => {
    if (root.nodeType === Node.TEXT_NODE) {
      markLanguage(root);
    } else if (root.nodeType === Node.ELEMENT_NODE) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) markLanguage(walker.currentNode);
    }
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "characterData") markLanguages(record.target);
      record.addedNodes.forEach(markLanguages);
    }
  }).observe(document.body, { childList: true, subtree: true, characterData: true });

  const registerOurFields = (CMS) => {
    const h = window.h;
    const entryIsNew = (entry) => !entry || !entry.get("slug");
    const fileName = (entry, value) => {
      const name = entryIsNew(entry) ? value : entry.get("slug");
      return name ? name + ".md" : "";
    };

    // The file name of a new entry follows its title, as `cluster-news new` makes it; an existing entry's
    // is its name (the CMS does not rename files).
    CMS.registerFieldType("file-name", window.createClass({
      componentDidMount() { this.follow(); },
      componentDidUpdate() { this.follow(); },
      follow() {
        const { entry, value, onChange } = this.props;
        if (!entryIsNew(entry)) return;
        const wanted = slugify(entry ? entry.getIn(["data", "title"]) || "" : "", original);
        if (wanted !== (value || "")) onChange(wanted);
      },
      render() {
        const { entry, value, forID } = this.props;
        return h("output", { id: forID, className: "cn-file-name" }, fileName(entry, value));
      },
    }), window.createClass({
      render() {
        return h("p", { className: "cn-file-name" }, fileName(this.props.entry, this.props.value));
      },
    }));

    // References: every published item of the section (settings.references), labelled with its title in
    // the language of the originals being edited, else in the first language it has, with that language's
    // name. A value no option has (an item not published yet) stays, shown as written. A list of
    // checkboxes, or one choice; read-only in a translation where they are shared facts (the CMS's own
    // select cannot be reused here: its hooks belong to another copy of React than the one that renders
    // our fields).
    const choices = (section, values) => {
      const known = (settings.references[section] || []).map(({ slug, titles }) => {
        const lang = original in titles ? original : settings.languages.find((code) => code in titles);
        const label = lang === original ? titles[lang] : `${titles[lang]} (${settings.names[lang]})`;
        return { label, value: slug, lang };
      });
      const unknown = values.filter((value) => !known.some((choice) => choice.value === value));
      return known.concat(unknown.map((value) => ({ label: value, value, lang: null })));
    };
    const asList = (value) => (value == null || value === "" ? []
      : typeof value.toJS === "function" ? value.toJS() : Array.isArray(value) ? value : [value]);
    // The pane of a translation: the entry it is given holds the original among the other languages.
    const inTranslation = (entry) => !!entry && entry.hasIn(["i18n", original]);
    CMS.registerFieldType("reference", window.createClass({
      render() {
        const { field, value, onChange, forID, entry } = this.props;
        const multiple = field.get("multiple");
        const chosen = asList(value);
        const disabled = field.get("i18n") === "duplicate" && inTranslation(entry);
        const lang = (choice) => (choice.lang && choice.lang !== original ? choice.lang : undefined);
        if (!multiple) {
          return h("select", { id: forID, className: "cn-choice", value: chosen[0] || "", disabled,
                               "aria-labelledby": `${forID}-label`,
                               onChange: (event) => onChange(event.target.value || null) },
            h("option", { value: "" }, "—"),
            ...choices(field.get("collection"), chosen).map((choice) =>
              h("option", { key: choice.value, value: choice.value, lang: lang(choice) }, choice.label)));
        }
        const toggle = (slug, on) => onChange(on ? chosen.concat([slug]) : chosen.filter((item) => item !== slug));
        return h("ul", { id: forID, className: "cn-choices", role: "group", "aria-labelledby": `${forID}-label` },
          ...choices(field.get("collection"), chosen).map((choice) => h("li", { key: choice.value },
            h("label", { lang: lang(choice) },
              h("input", { type: "checkbox", value: choice.value, checked: chosen.includes(choice.value), disabled,
                           onChange: (event) => toggle(choice.value, event.target.checked) }),
              " ", choice.label))));
      },
    }), window.createClass({
      render() {
        const { field, value } = this.props;
        const chosen = asList(value);
        return h("p", null, choices(field.get("collection"), chosen)
          .filter((choice) => chosen.includes(choice.value)).map((choice) => choice.label).join(", "));
      },
    }));

    // Pictures in the text: the CMS's own component, with the alt text required. Registered under the
    // CMS's name ("image", which it then uses instead of its own) and under the name it gives the
    // component's values ("x-image"), by which it finds the fields to validate them: under "image" alone,
    // required fields of the text's components are never checked.
    const picture = {
      id: "image",
      label: words.picture,
      icon: "image",
      trigger: "button",
      fields: [
        { name: "src", label: words.picture_file, widget: "image", required: true, choose_url: false,
          accept: settings.pictureTypes },
        { name: "alt", label: words.alt_text, widget: "string", required: true, hint: words.alt_hint },
        { name: "title", label: words.picture_title, widget: "string", required: false },
      ],
      // The CMS's own pattern for a Markdown picture (services/contents/fields/rich-text/constants.js).
      pattern: /!\[(?<alt>(?:[^\]\\]|\\.)*)\]\((?<src>(?:[^"()\\]|\\.|\([^)]*\)|"[^"]*")*?)(?:\s+"(?<title>(?:[^"\\]|\\.)*)")?\)/,
      fromBlock: (match) => ({ src: match.groups.src.trim(), alt: match.groups.alt.trim(),
        title: (match.groups.title || "").trim() }),
      toBlock: ({ src = "", alt = "", title = "" }) =>
        src ? `![${alt}](${src}${title ? ` "${title.replaceAll('"', "'")}"` : ""})` : "",
      toPreview: ({ src = "", alt = "", title = "" }) =>
        `<img src="${escapeHTML(onSite(src))}" alt="${escapeHTML(alt)}"${title ? ` title="${escapeHTML(title)}"` : ""}>`,
    };
    CMS.registerEditorComponent(picture);
    CMS.registerEditorComponent({ ...picture, id: "x-image" });
  };

  const formOnly = (data) => (data && typeof data.delete === "function" ? data.delete(settings.fileNameField) : data);
  // A translation states the original's references (shared facts). The CMS copies a shared field into a
  // translation switched on later, but not a list held by a field of our own: copied here.
  const sharedReferences = (entry) => entry.update("i18n", (translations) => translations && translations.map(
    (translation) => translation.update("data", (data) => settings.sharedReferences.reduce(
      (copy, name) => (entry.hasIn(["data", name]) ? copy.set(name, entry.getIn(["data", name])) : copy.delete(name)),
      data))));

  window.CMS_MANUAL_INIT = true;
  const script = document.createElement("script");
  script.src = "sveltia-cms.js";
  script.addEventListener("load", () => {
    registerOurFields(window.CMS);
    window.CMS.registerEventListener({
      name: "preSave",
      handler: ({ entry }) => sharedReferences(entry)
        .update("data", (data) => relativePictures(formOnly(data)))
        .update("i18n", (translations) => translations && translations.map(
          (translation) => translation.update("data", (data) => relativePictures(formOnly(data))))),
    });
    window.CMS.init({
      config: {
        i18n: { default_locale: original },
        app_title: settings.titles[ui] + " — " + settings.names[original],
      },
    });
  });
  document.body.append(script);
})();
