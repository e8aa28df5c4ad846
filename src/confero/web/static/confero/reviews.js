// Review form, progressive enhancement (the form works without it: "Save draft", "Preview", "Submit").
// - Autosave: every few seconds, when something changed, the draft is posted to the form's
//   data-autosave address; the page's version number follows each save. If another tab saved meanwhile
//   (409), autosave stops and says so: the text stays in this page, and "Save draft" shows both versions.
// - Preview: a "Preview" button under each Markdown answer shows it rendered by the server's sanitiser.
(function () {
  var INTERVAL_MS = 4000;

  function setup(form) {
    var status = form.querySelector(".autosave-status");
    var version = form.querySelector("input[name=version]");
    var dirty = false, busy = false, stopped = false;

    function say(text, isError) {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle("error", !!isError);
    }

    function body() {
      var data = new FormData(form);
      data.delete("action");
      return data;
    }

    var inflight = null;  // the autosave request under way, if any

    function save(keepalive) {
      if (!dirty || busy || stopped) return;
      busy = true;
      dirty = false;
      inflight = fetch(form.getAttribute("data-autosave"), {
        method: "POST", body: body(), credentials: "same-origin", keepalive: !!keepalive,
        headers: { "X-Requested-With": "fetch" },
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (json) {
          if (response.ok) {
            version.value = json.version;
            say("Draft saved automatically at " + json.saved_at + ".");
          } else if (response.status === 409) {
            stopped = true;
            say("Not saved automatically: " + (json.error || "this review changed elsewhere") +
              " Press “Save draft” to see both versions.", true);
          } else if (response.status === 400) {
            say("Not saved automatically: " + (json.error || "check the answers") + " Keep editing or press “Save draft”.", true);
          } else {
            stopped = true;
            say("Automatic saving stopped: " + (json.error || "the server answered " + response.status) + ".", true);
          }
        });
      }).catch(function () {
        dirty = true;  // offline: try again at the next tick
        say("Could not reach the server; your text is still here and will be saved when it can.", true);
      }).finally(function () { busy = false; inflight = null; });
    }

    // Typed before this script ran (a slow page load)? Then there is already something to save.
    form.querySelectorAll("textarea, input, select").forEach(function (field) {
      if (field.type === "hidden" || field.type === "submit") return;
      var changed = (field.type === "checkbox" || field.type === "radio")
        ? field.checked !== field.defaultChecked
        : field.tagName === "SELECT"
          ? Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; })
          : field.value !== field.defaultValue;
      if (changed) dirty = true;
    });
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function (event) {
      // A button press waits for an autosave under way (so it sends the version that save returned).
      if (inflight) {
        event.preventDefault();
        var button = event.submitter;
        inflight.then(function () { form.requestSubmit(button); });
        return;
      }
      stopped = true;  // the button's own save wins
    });
    setInterval(save, INTERVAL_MS);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") save(true);
    });
    form.setAttribute("data-autosave-ready", "1");
  }

  function previews(form) {
    var url = form.getAttribute("data-preview");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    form.querySelectorAll("textarea[data-preview]").forEach(function (area) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "secondary preview-button";
      button.textContent = "Preview";
      var out = document.createElement("div");
      out.className = "preview card";
      out.hidden = true;
      out.setAttribute("aria-live", "polite");
      area.insertAdjacentElement("afterend", out);
      area.insertAdjacentElement("afterend", button);
      button.addEventListener("click", function () {
        if (!out.hidden) { out.hidden = true; button.textContent = "Preview"; return; }
        var data = new FormData();
        data.append("text", area.value);
        data.append("csrfmiddlewaretoken", token);
        fetch(url, { method: "POST", body: data, credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (json) {
            out.innerHTML = json.html || "<p>(nothing to show)</p>";  // sanitised by the server (nh3)
            out.hidden = false;
            button.textContent = "Hide preview";
          });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave]").forEach(function (form) {
      setup(form);
      previews(form);
    });
  });
})();
