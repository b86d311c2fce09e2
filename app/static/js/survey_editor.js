// The survey editor's overview without page reloads: the up and down buttons save in the background and
// questions can be dragged to another place. Without this script every button posts its form as usual.
(function () {
  "use strict";
  var root = document.getElementById("survey-editor");
  if (!root || !window.fetch || !window.DOMParser || !window.FormData) {
    return;
  }
  var status = document.getElementById("survey-editor-status");
  var dragged = null;

  function replaceWith(html, focusSelector) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var fresh = page.getElementById("survey-editor");
    if (!fresh) {
      window.location.reload();
      return;
    }
    root.innerHTML = fresh.innerHTML;
    var notices = page.querySelectorAll("main > .notice");
    status.textContent = Array.prototype.map.call(notices, function (notice) {
      return notice.textContent.trim();
    }).join(" ");
    var target = focusSelector && root.querySelector(focusSelector);
    if (target) {
      target.focus();
    }
  }

  function post(form, extra, focusSelector) {
    var data = new FormData(form);
    Object.keys(extra).forEach(function (name) {
      data.set(name, extra[name]);
    });
    fetch(form.action, {method: "POST", body: data, credentials: "same-origin"})
      .then(function (response) { return response.text(); })
      .then(function (html) { replaceWith(html, focusSelector); })
      .catch(function () { form.submit(); });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (!form.matches(".editor-move") || !button) {
      return;
    }
    event.preventDefault();
    var selector = "form[action='" + form.getAttribute("action") + "'] button[value='" + button.value + "']";
    post(form, {direction: button.value}, selector);
  });

  root.addEventListener("dragstart", function (event) {
    dragged = event.target.closest && event.target.closest("li[data-question]");
    if (dragged) {
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.getAttribute("data-question"));
    }
  });

  root.addEventListener("dragover", function (event) {
    if (dragged && event.target.closest("ol[data-page]")) {
      event.preventDefault();
    }
  });

  root.addEventListener("drop", function (event) {
    var list = dragged && event.target.closest("ol[data-page]");
    if (!list) {
      return;
    }
    event.preventDefault();
    var over = event.target.closest("li[data-question]");
    var others = Array.prototype.filter.call(list.querySelectorAll("li[data-question]"), function (item) {
      return item !== dragged;
    });
    var index = over && over !== dragged ? others.indexOf(over) : others.length;
    var form = dragged.querySelector("form.editor-move");
    var key = dragged.getAttribute("data-question");
    dragged = null;
    post(form, {to_page: list.getAttribute("data-page"), to_index: String(index)}, "#question-" + key + " a");
  });
})();

// A question's form: an option's or row's up and down buttons save the form in the background and the form
// is replaced by the saved one, the focus kept on the item moved. Without this script the button posts the form.
(function () {
  "use strict";
  var form = document.getElementById("question-form");
  var status = document.getElementById("survey-editor-status");
  if (!form || !status || !window.fetch || !window.DOMParser || !window.FormData) {
    return;
  }
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || button.name !== "move") {
      return;
    }
    event.preventDefault();
    var parts = button.value.split("-");
    var list = parts[0];
    var direction = parts[2];
    var keyField = form.querySelector("[name='" + list + "-" + parts[1] + "-" + (list === "options" ? "value" : "key") + "']");
    var key = keyField ? keyField.value : "";
    var data = new FormData(form);
    data.set("move", button.value);
    fetch(form.action || window.location.href, {method: "POST", body: data, credentials: "same-origin"})
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("question-form");
        if (!fresh) {
          window.location.reload();
          return;
        }
        form.innerHTML = fresh.innerHTML;
        var said = page.querySelectorAll("main > .notice, .error-summary");
        status.textContent = Array.prototype.map.call(said, function (notice) {
          return notice.textContent.trim();
        }).join(" ");
        var frame = document.querySelector("iframe[name='page-preview']");
        if (frame && frame.contentWindow) {
          frame.contentWindow.location.reload();
        }
        var target = null;
        Array.prototype.forEach.call(form.querySelectorAll(".editor-list-row"), function (row) {
          var field = row.querySelector("[name$='-value'], [name$='-key']");
          if (!target && key && field && field.value === key) {
            target = row.querySelector("button[value$='-" + direction + "']") || row.querySelector("button[name='move']");
          }
        });
        (target || form.querySelector("button[name='move']") || form).focus();
      })
      .catch(function () { form.submit(); });
  });
})();
