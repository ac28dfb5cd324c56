// The newsletter form's live recipient count: asks the server whenever an audience field changes.
(function () {
  "use strict";
  function form() {
    var panel = document.querySelector("[data-audience-count]");
    return panel ? [panel, panel.closest("form")] : [null, null];
  }
  function refresh() {
    var found = form(), panel = found[0], editForm = found[1];
    if (!panel || !editForm) return;
    var data = new FormData(editForm), params = new URLSearchParams();
    data.getAll("lists").forEach(function (id) { params.append("lists", id); });
    params.set("category", data.get("bought_from_category") || "");
    params.set("venue", data.get("booked_at_venue") || "");
    params.set("inactive_days", data.get("inactive_days") || "");
    var value = panel.querySelector("[data-audience-count-value]");
    fetch(panel.dataset.url + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (body) { value.textContent = body.count !== undefined ? body.count : body.error; })
      .catch(function () { value.textContent = "unavailable"; });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name && /^(lists|bought_from_category|booked_at_venue|inactive_days)$/.test(event.target.name)) refresh();
  });
  document.addEventListener("DOMContentLoaded", refresh);
})();
