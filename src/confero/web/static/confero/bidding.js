// Bidding page: bids are saved without reloading the page. Each bid form (form[data-bid-form]) is sent in
// the background when its choice changes (or its Save button is pressed); the server answers with the new
// row and counter. Without JavaScript the same forms post normally and the page comes back.
(function () {
  function send(form) {
    const data = new FormData(form);
    if (data.get("value") === "conflict") {
      const ok = window.confirm("Declare a conflict of interest with this paper? You will not see it again nor be assigned it; only an organizer can undo this.");
      if (!ok) { form.reset(); return; }
      data.set("confirm", "1");
    }
    const status = form.querySelector(".bid-status");
    if (status) status.textContent = "saving…";
    fetch(form.action, { method: "POST", body: data, headers: { "X-Confero-Fetch": "1" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.headers.get("content-type") || response.headers.get("content-type").indexOf("json") < 0) {
          throw new Error("unexpected answer");
        }
        return response.json();
      })
      .then(function (answer) {
        const row = form.closest("tr");
        if (answer.row && row) row.outerHTML = answer.row;
        const counter = document.getElementById("bid-counter");
        if (answer.counter && counter) counter.innerHTML = answer.counter;
      })
      .catch(function () { form.submit(); });  // fall back to the plain post
  }
  document.addEventListener("change", function (event) {
    const form = event.target.closest && event.target.closest("form[data-bid-form]");
    if (form && event.target.name === "value") send(form);
  });
  document.addEventListener("submit", function (event) {
    const form = event.target.closest && event.target.closest("form[data-bid-form]");
    if (!form) return;
    event.preventDefault();
    send(form);
  });
})();
