// Travel grants: refresh the budget figures from the server every 15 s (the page works without this).
(function () {
  "use strict";
  function format(value, currency) {
    var n = Number(value);
    return n.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).replace(/,/g, "") + " " + currency;
  }
  function refresh(box) {
    fetch(box.dataset.budgetUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        ["total", "committed", "released", "remaining"].forEach(function (key) {
          var el = box.querySelector('[data-budget="' + key + '"]');
          if (el) el.textContent = format(data[key], data.currency);
        });
      })
      .catch(function () {});
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-budget-url]").forEach(function (box) {
      setInterval(function () { refresh(box); }, 15000);
    });
  });
})();
