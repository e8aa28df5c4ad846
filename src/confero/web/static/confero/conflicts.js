// Conflict queue: <input type="checkbox" data-select-all="NAME"> ticks or unticks every checkbox named NAME
// in its form. Its box is hidden without JavaScript (each row can still be ticked by hand).
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[data-select-all]").forEach(function (all) {
      const name = all.getAttribute("data-select-all");
      const boxes = Array.from(all.form.querySelectorAll('input[type=checkbox][name="' + name + '"]'));
      const holder = all.closest("[hidden]");
      if (holder) holder.hidden = false;
      all.addEventListener("change", function () {
        boxes.forEach(function (box) { box.checked = all.checked; });
      });
    });
  });
})();
