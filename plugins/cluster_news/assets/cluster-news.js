/* cluster-news: the site is built once a day, but read any day. This moves events that have ended
   since the build from "Upcoming" to "Past" (or out of "Next events"), using the reader's date.
   Without it the page still works: it shows the lists as they were on the build date. */
(function () {
  "use strict";
  var now = new Date();
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());

  function showEmptyNote(section) {
    var list = section.querySelector(".cn-entries");
    var note = section.querySelector(".cn-empty");
    if (list && note) { note.hidden = list.children.length > 0; }
  }

  document.querySelectorAll('[data-cn-events="upcoming"]').forEach(function (upcoming) {
    var ended = Array.prototype.filter.call(
      upcoming.querySelectorAll(".cn-entries > li[data-last-day]"),
      function (entry) { return entry.getAttribute("data-last-day") < today; }
    );
    if (!ended.length) { return; }
    var past = upcoming.parentElement.querySelector('[data-cn-events="past"]');
    var pastList = past && past.querySelector(".cn-entries");
    ended.forEach(function (entry) {
      if (pastList) {
        // Upcoming is in ascending order and past in descending order: each one goes on top.
        pastList.insertBefore(entry, pastList.firstChild);
      } else {
        entry.remove();
      }
    });
    showEmptyNote(upcoming);
    if (past) { past.hidden = false; showEmptyNote(past); }
  });
})();
