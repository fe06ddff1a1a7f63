// Live board: board events arrive as server-sent events from /ui/events and are re-dispatched
// as a "board-changed" DOM event; page parts listen with hx-trigger="board-changed from:body".
(function () {
  "use strict";
  if (window.EventSource) {
    var source = new EventSource("/ui/events");
    source.addEventListener("board", function (event) {
      var detail = {};
      try { detail = JSON.parse(event.data); } catch (e) { /* keep going */ }
      document.body.dispatchEvent(new CustomEvent("board-changed", { detail: detail }));
    });
  }
  document.body.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { event.detail.headers["x-csrftoken"] = meta.content; }
  });
  // forms marked data-reset-after-post empty themselves once htmx posted them successfully
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (event.detail.successful && form && form.hasAttribute && form.hasAttribute("data-reset-after-post")) {
      form.reset();
    }
  });
})();
