// Counts down to an element's data-countdown time (ISO 8601) as m:ss, every second. The server keeps
// the real deadline; this only shows it. At zero the element shows its data-expired text.
(function () {
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick(el) {
    var left = Math.floor((Date.parse(el.dataset.countdown) - Date.now()) / 1000);
    if (left <= 0) { el.textContent = el.dataset.expired; el.classList.add("overdue"); return false; }
    el.textContent = Math.floor(left / 60) + ":" + pad(left % 60);
    return true;
  }
  document.querySelectorAll("[data-countdown]").forEach(function (el) {
    if (!tick(el)) return;
    var timer = setInterval(function () { if (!tick(el)) clearInterval(timer); }, 1000);
  });
})();
