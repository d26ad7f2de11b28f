/* cluster-news, preview only (`mkdocs serve` while the content has errors): the preview server sends
   its 404 page without its reload script, so this page waits for the next build itself, then reloads. */
(function () {
  "use strict";
  if (!document.querySelector("[data-cn-preview-poll]")) { return; }
  function wait(epoch) {
    fetch("/livereload/" + epoch + "/0").then(function (response) { return response.text(); }).then(
      function (next) { if (Number(next) > epoch) { location.reload(); } else { wait(epoch); } },
      function () { setTimeout(function () { wait(epoch); }, 2000); });
  }
  fetch("/livereload/0/0").then(function (response) { return response.text(); }).then(function (epoch) {
    wait(Number(epoch));
  });
})();
