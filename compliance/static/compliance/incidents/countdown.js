// Ticks every ".remaining[data-due]" element once a second from the server-rendered due time.
// The server renders the same text first, so the page is right without JavaScript.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function format(ms, overdueLabel) {
    var overdue = ms < 0, total = Math.floor(Math.abs(ms) / 1000);
    var days = Math.floor(total / 86400), rest = total % 86400;
    var text = pad(Math.floor(rest / 3600)) + ":" + pad(Math.floor((rest % 3600) / 60)) + ":" + pad(rest % 60);
    if (days) { text = days + " d " + text; }
    return overdue ? overdueLabel + " " + text : text;
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll(".remaining[data-due]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) { return; }
      el.textContent = format(due - now, el.getAttribute("data-overdue-label") || "overdue by");
      el.classList.toggle("overdue", due - now < 0);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 1000); });
})();
