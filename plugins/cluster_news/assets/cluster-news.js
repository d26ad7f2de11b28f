/* cluster-news: small improvements over pages that work without JavaScript.

   1. The site is built once a day, but read any day: events that have ended since the build move
      from "Upcoming" to "Past" (into their year), or on the home page from "Next events" to "Recent
      events", using the reader's date.
   2. On the events page, the filter links (each leads to a page of its own) become toggles that
      combine in place: country and project and ... at once, remembered in the address (?country=BG).
   3. On phones every filter panel (events, news, the filter pages) starts folded: the list comes first.
   4. An event's page built before the event and read after it says that it took place, and no longer
      offers to register, join or add it to a calendar (render/templates/event_state.html).
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
    }
    if (past) { past.hidden = false; }
  });

  each(document.querySelectorAll("[data-cn-event-state]"), function (state) {
    if (state.getAttribute("data-last-day") >= today) { return; }
    each(document.querySelectorAll("[data-cn-upcoming]"), function (element) { element.hidden = true; });
    each(document.querySelectorAll("[data-cn-past]"), function (element) { element.hidden = false; });
  });

  var phone = window.matchMedia("(max-width: 44.9375em)").matches;
  var filters = document.querySelector("details[data-cn-filterable]");
  if (!filters) {  // the news filters and the filter pages: links, each to a page of its own
    each(document.querySelectorAll("details.cn-filters"), function (panel) {
      if (phone) { panel.open = false; }  // on phones the list comes first; the filters are one tap away
    });
    return;
  }
  var page = filters.parentElement;
  var chips = filters.querySelectorAll("a[data-cn-facet]");
  var status = filters.querySelector(".cn-filters__status");
  var chosen = {};  // dimension -> "dimension:value"

  function apply() {
    var wanted = Object.keys(chosen).map(function (dimension) { return chosen[dimension]; });
    var entries = page.querySelectorAll("[data-cn-events] .cn-entries > li");
    var shown = 0;
    each(entries, function (entry) {
      var facets = (entry.getAttribute("data-cn-facets") || "").split(" ");
      entry.hidden = !wanted.every(function (token) { return facets.indexOf(token) >= 0; });
      if (!entry.hidden) { shown += 1; }
    });
    each(page.querySelectorAll("[data-cn-year]"), function (group) {
      group.hidden = visibleEntries(group).length === 0;
    });
    each(page.querySelectorAll("[data-cn-events]"), function (section) {
      if (section.getAttribute("data-cn-events") === "past") {
        section.hidden = visibleEntries(section).length === 0;
      } else {
        showEmptyNote(section);
      }
    });
    each(chips, function (chip) {
      if (wanted.indexOf(chip.getAttribute("data-cn-facet")) >= 0) {
        chip.setAttribute("aria-current", "true");
      } else {
        chip.removeAttribute("aria-current");
      }
    });
    status.textContent = wanted.length ? filters.getAttribute("data-cn-filterable")
      .replace("{shown}", String(shown)).replace("{total}", String(entries.length)) : "";
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
      var token = chip.getAttribute("data-cn-facet");
      var dimension = token.split(":")[0];
      if (chosen[dimension] === token) { delete chosen[dimension]; } else { chosen[dimension] = token; }
      apply();
    });
  });

  var asked = new URLSearchParams(window.location.search);
  each(chips, function (chip) {
    var token = chip.getAttribute("data-cn-facet");
    var dimension = token.split(":")[0];
    if (asked.get(dimension) === token.slice(dimension.length + 1)) { chosen[dimension] = token; }
  });
  if (Object.keys(chosen).length) {
    apply();
  } else if (phone) {
    filters.open = false;  // on phones the list comes first; the filters are one tap away
  }
})();
