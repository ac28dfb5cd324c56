// Free times without a page reload: the date form asks the JSON endpoint and redraws the
// buttons. Without this script the form submits and the page shows the same times.
(function () {
  "use strict";

  function draw(picker, data, day) {
    var list = picker.querySelector("[data-slot-picker-times]");
    var template = picker.querySelector("[data-slot-picker-template]");
    var heading = picker.querySelector("[data-slot-picker-day] strong");
    var verb = picker.dataset.actionUrl ? "Move to " : "Book ";
    var slots = data.days.length ? data.days[0].slots : [];
    list.textContent = "";
    heading.textContent = new Date(day + "T12:00:00").toLocaleDateString(undefined, {
      weekday: "long", day: "numeric", month: "long"
    });
    if (!slots.length) {
      var empty = document.createElement("li");
      empty.className = "text-muted";
      empty.textContent = "No free times on this day. Try another date.";
      list.appendChild(empty);
      return;
    }
    slots.forEach(function (slot) {
      var item = template.content.firstElementChild.cloneNode(true);
      item.querySelector("input[name=start]").value = slot.start;
      var button = item.querySelector("button");
      button.textContent = slot.label;
      button.setAttribute("aria-label", verb + slot.label);
      list.appendChild(item);
    });
  }

  function enhance(picker) {
    var form = picker.querySelector("[data-slot-picker-dates]");
    var input = form.querySelector("input[name=day]");
    form.addEventListener("submit", function (event) {
      if (!input.value || picker.dataset.actionUrl) return; // reschedule pages reload
      event.preventDefault();
      var url = picker.dataset.slotsUrl + "?from=" + input.value + "&to=" + input.value;
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("bad response");
          return response.json();
        })
        .then(function (data) { draw(picker, data, input.value); })
        .catch(function () { form.submit(); });
    });
    input.addEventListener("change", function () { form.requestSubmit(); });
    var service = form.querySelector("[data-slot-picker-service]");
    if (service) {
      // Another service has its own endpoint: reload with it chosen.
      service.addEventListener("change", function () { form.submit(); });
    }
  }

  document.querySelectorAll("[data-slot-picker]").forEach(enhance);
})();
