// Check-in at the door: filter the list as one types and mark arrivals without reloading the page.
// Without this script the search form and each button's form work by reloading.
(function () {
  "use strict";
  var list = document.querySelector("[data-check-in]");
  if (!list) { return; }
  var search = document.getElementById("q");
  var count = document.getElementById("check-in-count");

  if (search) {
    search.addEventListener("input", function () {
      var wanted = search.value.trim().toLowerCase();
      list.querySelectorAll(".check-in-row").forEach(function (row) {
        row.hidden = wanted !== "" && row.getAttribute("data-name").indexOf(wanted) === -1;
      });
    });
  }

  list.addEventListener("submit", function (event) {
    var form = event.target;
    var button = form.querySelector("button");
    event.preventDefault();
    button.disabled = true;
    fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                        headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        var state = button.querySelector(".check-in-state");
        form.querySelector("input[name=arrived]").value = data.arrived ? "0" : "1";
        button.setAttribute("aria-pressed", data.arrived ? "true" : "false");
        button.classList.toggle("button-secondary", data.arrived);
        state.textContent = state.getAttribute(data.arrived ? "data-arrived" : "data-not-arrived");
        if (count) { count.textContent = count.textContent.replace(/\d+/, String(data.attended)); }
      })
      .catch(function () { form.submit(); })
      .finally(function () { button.disabled = false; });
  });
}());
