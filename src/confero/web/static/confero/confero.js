// Small progressive enhancements; every page works without JavaScript.
// <time class="countdown" datetime="ISO-8601 UTC">: shows the remaining time, and the instant in the
// viewer's local time zone.
(function () {
  function fmt(ms) {
    if (ms <= 0) return "passed";
    const s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60), sec = s % 60;
    return (d ? d + "d " : "") + String(h).padStart(2, "0") + ":" + String(m).padStart(2, "0") + ":" +
      String(sec).padStart(2, "0") + " left";
  }
  function tick() {
    document.querySelectorAll("time.countdown").forEach(function (el) {
      const at = new Date(el.getAttribute("datetime"));
      const out = el.parentElement.querySelector(".countdown-left");
      if (out) out.textContent = fmt(at - new Date());
      const local = el.parentElement.querySelector(".countdown-local");
      if (local && !local.textContent) local.textContent = "(" + at.toLocaleString() + " your time)";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 1000); });
})();
