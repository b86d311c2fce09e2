/* Follows a report being built: polls its status JSON and updates the progress bar; reloads when it ends. */
(function () {
  "use strict";
  var box = document.getElementById("report-status");
  if (!box || !window.fetch) { return; }
  var status = box.getAttribute("data-status");
  if (status !== "queued" && status !== "building") { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("report-progress");
  var percent = box.querySelector("[data-field=percent]");
  var step = box.querySelector("[data-field=step]");
  var delay = 1500;

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) {
        if (data.status !== "queued" && data.status !== "building") {
          window.location.reload();
          return;
        }
        if (bar) { bar.value = data.progress; bar.textContent = data.progress + " %"; }
        if (percent) { percent.textContent = data.progress; }
        if (step && data.step) { step.textContent = data.step; }
        window.setTimeout(poll, delay);
      })
      .catch(function () { delay = Math.min(delay * 2, 30000); window.setTimeout(poll, delay); });
  }
  window.setTimeout(poll, delay);
}());
