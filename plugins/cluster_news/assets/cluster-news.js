/* cluster-news: small improvements over pages that work without JavaScript.

   1. The site is built once a day, but read any day: events that have ended since the build move
      from "Upcoming" to "Past" (into their year), or on the home page from "Next events" to "Recent
      events", using the reader's date.
   2. On the events page, the filter links (each leads to a page of its own) become toggles that
      combine in place: country and project and ... at once, remembered in the address (?country=BG).
      Each value's count says what choosing it would show with the others; one that would show nothing
      cannot be chosen, and an address whose choices leave nothing says which one to drop.
   3. An event's page built before the event and read after it says that it took place, and no longer
      offers to register, join or add it to a calendar (render/templates/event_state.html).
   4. The menu (the drawer, on phones) opened from the keyboard takes the focus to its first link, and Escape
      closes it, back to its button.
   5. The light/dark switch in the header: the scheme it leads to, remembered; without a choice, or once the
      choice is the system's again, the system's setting is followed (the header's inline script applies it
      before the page is shown).
   Without this script the lists and pages are as they were on the build date, and each filter is a page. */
(function () {
  "use strict";
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  var each = function (nodes, callback) { Array.prototype.forEach.call(nodes, callback); };

  function visibleEntries(container) {
    return container.querySelectorAll(".cn-entries > li:not([hidden])");
  }

  function showEmptyNote(section) {
    var note = section.querySelector(".cn-empty");
    if (note) { note.hidden = visibleEntries(section).length > 0; }
  }

  function yearGroup(past, year) {
    var group = past.querySelector('[data-cn-year="' + year + '"]');
    if (group) { return group; }
    group = document.createElement("section");
    group.className = "cn-year";
    group.setAttribute("data-cn-year", year);
    var heading = document.createElement("h3");
    heading.textContent = year;
    var list = document.createElement("ul");
    list.className = "cn-entries";
    group.appendChild(heading);
    group.appendChild(list);
    var later = null;  // years go newest first
    each(past.querySelectorAll("[data-cn-year]"), function (other) {
      if (!later && other.getAttribute("data-cn-year") < year) { later = other; }
    });
    past.insertBefore(group, later);
    return group;
  }

  each(document.querySelectorAll('[data-cn-events="upcoming"]'), function (upcoming) {
    var ended = Array.prototype.filter.call(
      upcoming.querySelectorAll(".cn-entries > li[data-last-day]"),
      function (entry) { return entry.getAttribute("data-last-day") < today; }
    );
    if (!ended.length) { return; }
    var past = upcoming.parentElement.querySelector('[data-cn-events="past"]');
    ended.forEach(function (entry) {
      if (past && past.hasAttribute("data-cn-flat")) {  // the home page: one short list, no years
        var flat = past.querySelector(".cn-entries");
        flat.insertBefore(entry, flat.firstChild);
      } else if (past) {
        // Upcoming is in ascending order and past in descending order: each one goes on top.
        var list = yearGroup(past, entry.getAttribute("data-first-day").slice(0, 4)).querySelector(".cn-entries");
        list.insertBefore(entry, list.firstChild);
      } else {
        entry.remove();
      }
    });
    showEmptyNote(upcoming);
    if (upcoming.hasAttribute("data-cn-optional") && !visibleEntries(upcoming).length) {
      upcoming.hidden = true;  // the latest events and the calendar links say the rest
      var note = upcoming.parentElement.querySelector("[data-cn-no-upcoming]");
      if (note) { note.hidden = false; }
    }
    if (past) { past.hidden = false; }
  });

  each(document.querySelectorAll("[data-cn-event-state]"), function (state) {
    if (state.getAttribute("data-last-day") >= today) { return; }
    each(document.querySelectorAll("[data-cn-upcoming]"), function (element) { element.hidden = true; });
    each(document.querySelectorAll("[data-cn-past]"), function (element) { element.hidden = false; });
  });

  var drawer = document.getElementById("__drawer");
  var menuButton = document.querySelector(".cn-menu-button");
  if (drawer && menuButton) {
    drawer.addEventListener("change", function () {
      if (drawer.checked && document.activeElement === menuButton) {
        var first = document.querySelector(".md-sidebar--primary .md-nav__list a[href]");
        if (first) { first.focus(); }
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) {
        drawer.checked = false;
        drawer.dispatchEvent(new Event("change"));  // as a click would: Material's script follows the drawer
        menuButton.focus();
      }
    });
  }

  var schemeKey = "cn-color-scheme";
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");
  function showScheme(dark) {
    document.body.setAttribute("data-md-color-scheme", dark ? "slate" : "default");
  }
  function chosenScheme() {
    try { return window.localStorage.getItem(schemeKey); } catch (error) { return null; }
  }
  each(document.querySelectorAll(".cn-scheme"), function (toggle) {
    toggle.addEventListener("click", function () {
      var dark = document.body.getAttribute("data-md-color-scheme") !== "slate";
      showScheme(dark);
      try {
        if (dark === systemDark.matches) {
          window.localStorage.removeItem(schemeKey);  // the system's again: follow it from now on
        } else {
          window.localStorage.setItem(schemeKey, dark ? "dark" : "light");
        }
      } catch (error) { /* storage refused: the choice lasts as long as the page */ }
    });
  });
  systemDark.addEventListener("change", function () {
    if (!chosenScheme()) { showScheme(systemDark.matches); }
  });

  var filters = document.querySelector("details[data-cn-filterable]");
  if (!filters) { return; }  // the news filters and the filter pages: links, each to a page of its own
  var page = filters.parentElement;
  var chips = filters.querySelectorAll("a[data-cn-facet]");
  var status = page.querySelector(".cn-filters__status");
  var chosen = {};  // dimension -> "dimension:value"
  // Counts in the page's language: its digits (Intl.NumberFormat) and the words of the number's CLDR plural
  // category (Intl.PluralRules), from the sentences the build wrote per category (core/strings.yml).
  var language = document.documentElement.lang;
  var numbers = new Intl.NumberFormat(language);
  var plurals = new Intl.PluralRules(language);
  var statusForms = JSON.parse(filters.getAttribute("data-cn-filterable"));
  var countForms = JSON.parse(filters.getAttribute("data-cn-counted"));

  function inForm(forms, count) { return forms[plurals.select(count)] || forms.other; }

  // "(3)" to the eye, "3 події" to screen readers (render/templates/macros.html: count).
  function writeCount(element, count) {
    element.firstChild.textContent = "(" + numbers.format(count) + ")";
    element.lastChild.textContent = inForm(countForms, count).replace("{count}", numbers.format(count));
  }

  function dimensionOf(token) { return token.split(":")[0]; }

  // The choices in force, but the one of `dimension` (each dimension takes one value at a time).
  function choicesBut(dimension) {
    return Object.keys(chosen).filter(function (other) { return other !== dimension; })
      .map(function (other) { return chosen[other]; });
  }

  function matching(entries, tokens) {
    return Array.prototype.filter.call(entries, function (entry) {
      var facets = (entry.getAttribute("data-cn-facets") || "").split(" ");
      return tokens.every(function (token) { return facets.indexOf(token) >= 0; });
    });
  }

  // Nothing matches every choice (an address that combines them): say so, and offer to drop each one,
  // with what the others would then show.
  function suggestDropping(entries) {
    var note = document.createElement("p");
    note.textContent = filters.getAttribute("data-cn-none");
    var list = document.createElement("ul");
    list.className = "cn-filters__drop";
    Object.keys(chosen).sort().forEach(function (dimension) {
      var chip = filters.querySelector('a[data-cn-facet="' + chosen[dimension] + '"]');
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cn-chip";
      var count = chip.querySelector(".cn-count").cloneNode(true);
      writeCount(count, matching(entries, choicesBut(dimension)).length);
      button.appendChild(chip.querySelector(".cn-chip__label").cloneNode(true));  // with its language, if not the page's
      button.appendChild(document.createTextNode("\u00a0"));
      button.appendChild(count);
      button.addEventListener("click", function () { delete chosen[dimension]; apply(); });
      var item = document.createElement("li");
      item.appendChild(button);
      list.appendChild(item);
    });
    status.appendChild(note);
    status.appendChild(list);
  }

  function apply() {
    var wanted = Object.keys(chosen).map(function (dimension) { return chosen[dimension]; });
    var entries = page.querySelectorAll("[data-cn-events] .cn-entries > li");
    var kept = matching(entries, wanted);
    each(entries, function (entry) { entry.hidden = kept.indexOf(entry) < 0; });
    each(page.querySelectorAll("[data-cn-year]"), function (group) {
      group.hidden = visibleEntries(group).length === 0;
    });
    var none = wanted.length > 0 && kept.length === 0;  // then the status says what to drop, nothing else
    each(page.querySelectorAll("[data-cn-events]"), function (section) {
      if (section.getAttribute("data-cn-events") === "past") {
        section.hidden = visibleEntries(section).length === 0;
      } else {  // upcoming: shown (maybe saying none match) while any event is ahead at all
        section.hidden = none || !section.querySelector(".cn-entries > li");
        showEmptyNote(section);
      }
    });
    // Each value counts what choosing it would show, with the other dimensions' choices; one that would
    // show nothing cannot be chosen.
    each(chips, function (chip) {
      var token = chip.getAttribute("data-cn-facet");
      var count = matching(entries, choicesBut(dimensionOf(token)).concat([token])).length;
      writeCount(chip.querySelector(".cn-count"), count);
      if (wanted.indexOf(token) >= 0) {
        chip.setAttribute("aria-current", "true");
      } else {
        chip.removeAttribute("aria-current");
      }
      if (count === 0 && wanted.indexOf(token) < 0) {
        chip.setAttribute("aria-disabled", "true");
      } else {
        chip.removeAttribute("aria-disabled");
      }
    });
    status.textContent = "";
    if (wanted.length && kept.length) {
      var shown = document.createElement("p");
      shown.textContent = inForm(statusForms, kept.length)
        .replace("{shown}", numbers.format(kept.length)).replace("{total}", numbers.format(entries.length));
      status.appendChild(shown);
    } else if (wanted.length) {
      suggestDropping(entries);
    }
    var query = new URLSearchParams();
    Object.keys(chosen).sort().forEach(function (dimension) {
      query.set(dimension, chosen[dimension].slice(dimension.length + 1));
    });
    var address = query.toString();
    window.history.replaceState(null, "", address ? "?" + address : window.location.pathname);
  }

  each(chips, function (chip) {
    chip.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) { return; }  // a new tab: its page
      event.preventDefault();
      if (chip.getAttribute("aria-disabled") === "true") { return; }  // would show nothing with the other choices
      var token = chip.getAttribute("data-cn-facet");
      var dimension = dimensionOf(token);
      if (chosen[dimension] === token) { delete chosen[dimension]; } else { chosen[dimension] = token; }
      apply();
    });
  });

  var asked = new URLSearchParams(window.location.search);
  each(chips, function (chip) {
    var token = chip.getAttribute("data-cn-facet");
    var dimension = dimensionOf(token);
    if (asked.get(dimension) === token.slice(dimension.length + 1)) { chosen[dimension] = token; }
  });
  if (Object.keys(chosen).length) { apply(); }
})();
