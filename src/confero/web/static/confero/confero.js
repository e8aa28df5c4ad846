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

// <input data-filter-rows="CSS selector">: shows only the rows whose text contains what is typed (ticked rows
// always stay visible); its box (hidden without JavaScript) is shown, and a count of matches is kept.
(function () {
  function setup(input) {
    const rows = Array.from(document.querySelectorAll(input.getAttribute("data-filter-rows")));
    const box = input.closest("[hidden]");
    if (box) box.hidden = false;
    const count = box ? box.querySelector("[data-filter-count]") : null;
    function apply() {
      const q = input.value.trim().toLowerCase();
      let shown = 0;
      rows.forEach(function (row) {
        const ticked = row.querySelector("input[type=checkbox]:checked");
        const match = !q || row.textContent.toLowerCase().indexOf(q) >= 0 || ticked;
        row.hidden = !match;
        if (match) shown += 1;
      });
      if (count) count.textContent = q ? shown + " of " + rows.length + " shown" : rows.length + " people";
    }
    input.addEventListener("input", apply);
    apply();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-filter-rows]").forEach(setup);
  });
})();

// Boxes that scroll (wide tables on a phone, .scroll-x and .scroll-y boxes) get into the Tab order while
// they overflow, so keyboard users can scroll them with the arrow keys (WCAG 2.1.1).
(function () {
  const SELECTOR = "main table, main .scroll-x, main .scroll-y";
  function update() {
    document.querySelectorAll(SELECTOR).forEach(function (el) {
      const overflows = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
      const scrolls = /(auto|scroll)/.test(getComputedStyle(el).overflowX + getComputedStyle(el).overflowY);
      if (overflows && scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-scroll-focus", "");
        if (el.tagName !== "TABLE" && !el.hasAttribute("role")) {
          el.setAttribute("data-scroll-focus", "region");
          el.setAttribute("role", "region");
          el.setAttribute("aria-label", el.getAttribute("data-label") || "Scrollable content");
        }
      } else if (!(overflows && scrolls) && el.hasAttribute("data-scroll-focus")) {
        el.removeAttribute("tabindex");
        if (el.getAttribute("data-scroll-focus") === "region") {
          el.removeAttribute("role");
          el.removeAttribute("aria-label");
        }
        el.removeAttribute("data-scroll-focus");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", update);
  window.addEventListener("resize", update);
})();
