/* Survey pages: show and hide conditional questions as the respondent answers.
   Progressive enhancement only: without this script every question is shown and the server
   decides what is stored. Conditions come from data-show-if (the definition's show_if as JSON);
   answers on earlier pages come from the form's data-known. */
(function () {
  "use strict";
  var form = document.querySelector("form.survey-form");
  if (!form) { return; }
  var known = {};
  try { known = JSON.parse(form.getAttribute("data-known") || "{}"); } catch (e) { known = {}; }
  var blocks = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));
  var keys = blocks.map(function (b) { return b.getAttribute("data-question"); });

  function chosen(block) {
    var values = [];
    var key = block.getAttribute("data-question");
    block.querySelectorAll("input, select, textarea").forEach(function (el) {
      var name = el.name || "";
      if (name.indexOf("q_" + key) !== 0 || /__other$/.test(name)) { return; }
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) { return; }
      var value = (el.value || "").trim();
      if (!value) { return; }
      // Matrix rows and ranks only tell whether the question is answered.
      values.push(name === "q_" + key ? value : name.slice(("q_" + key + "__").length));
    });
    return values;
  }

  // A number ("1,5", "1 000") or a date (d.m.yyyy or yyyy-mm-dd) as typed, read as the server reads it.
  function ordered(text) {
    var s = String(text).trim();
    var m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) { return {date: s}; }
    if (m) { return {date: m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2)}; }
    s = s.replace(/[\s\u00a0]/g, "").replace(",", ".").replace("\u2212", "-");
    return /^-?\d+(\.\d+)?$/.test(s) ? {number: parseFloat(s)} : null;
  }

  // greater_than, less_than and between: the answer and the limits, all numbers or all dates.
  function inOrder(answer, limits, test) {
    if (answer.length !== 1) { return false; }
    var values = [answer[0]].concat(limits).map(ordered);
    if (values.some(function (v) { return v === null; })) { return false; }
    var kind = values[0].date !== undefined ? "date" : "number";
    if (values.some(function (v) { return v[kind] === undefined; })) { return false; }
    return test(values.map(function (v) { return v[kind]; }));
  }

  function evaluate(cond, answers) {
    var op = Object.keys(cond)[0], arg = cond[op];
    var got = function (q) { return answers[q] || []; };
    switch (op) {
      case "equals": return got(arg.question).indexOf(String(arg.value)) !== -1;
      case "in": return arg.values.some(function (v) { return got(arg.question).indexOf(String(v)) !== -1; });
      case "not": return !evaluate(arg, answers);
      case "and": return arg.every(function (c) { return evaluate(c, answers); });
      case "or": return arg.some(function (c) { return evaluate(c, answers); });
      case "answered": return got(arg).length > 0;
      case "unanswered": return got(arg).length === 0;
      case "greater_than": return inOrder(got(arg.question), [arg.value], function (v) { return v[0] > v[1]; });
      case "less_than": return inOrder(got(arg.question), [arg.value], function (v) { return v[0] < v[1]; });
      case "between": return inOrder(got(arg.question), [arg.min, arg.max], function (v) { return v[1] <= v[0] && v[0] <= v[2]; });
    }
    return true;
  }

  var flow = null;
  try { flow = JSON.parse(form.getAttribute("data-page-flow") || "null"); } catch (e) { flow = null; }

  // Later pages that this page's answers show or hide: the page count and the button follow them.
  function updateFlow(answers) {
    if (!flow) { return; }
    var coming = flow.conditions.filter(function (c) {
      var pending = c.reads.every(function (key) { return !(answers[key] || []).length; });
      try { return pending || evaluate(c.show_if, answers); } catch (e) { return true; }
    }).length;
    var counts = Object.keys(flow.counts).map(Number).sort(function (a, b) { return a - b; });
    var progress = document.getElementById("progress-text");
    var bar = document.querySelector("progress.progress-bar");
    var count = counts[0] + coming;
    if (progress && flow.counts[String(count)]) { progress.textContent = flow.counts[String(count)]; }
    if (bar) { bar.max = count; }
    var button = document.getElementById("next-button");
    if (button) { button.textContent = (flow.fixed || coming > 0) ? flow.next : flow.last; }
  }

  function update() {
    var answers = {};
    Object.keys(known).forEach(function (k) { answers[k] = known[k]; });
    blocks.forEach(function (block, i) {
      var condition = block.getAttribute("data-show-if");
      var visible = true;
      if (condition) {
        try { visible = evaluate(JSON.parse(condition), answers); } catch (e) { visible = true; }
      }
      block.hidden = !visible;
      // A hidden question counts as unanswered for the conditions after it, as on the server.
      answers[keys[i]] = visible ? chosen(block) : [];
    });
    updateFlow(answers);
    // A ranking of the options chosen in a question above it offers only those; the others are
    // disabled so that they are not sent.
    form.querySelectorAll("[data-options-from]").forEach(function (ranking) {
      var source = ranking.getAttribute("data-options-from");
      var picked = Array.prototype.map.call(
        form.querySelectorAll("[name='" + source + "']:checked"), function (el) { return el.value; });
      ranking.querySelectorAll("[data-option]").forEach(function (item) {
        var offered = picked.indexOf(item.getAttribute("data-option")) !== -1;
        item.hidden = !offered;
        item.querySelectorAll("select").forEach(function (select) { select.disabled = !offered; });
      });
    });
    form.querySelectorAll("[data-other-for]").forEach(function (box) {
      var name = box.getAttribute("data-other-for");
      var picked = form.querySelector("[name='" + name + "'][value='other']:checked") ||
        form.querySelector("select[name='" + name + "']");
      var show = picked && (picked.tagName !== "SELECT" || picked.value === "other");
      var input = box.querySelector("input");
      box.hidden = !show && !(input && input.value);
    });
  }

  // Long texts: a live count of the characters left (the limit itself is in the hint).
  form.querySelectorAll("textarea[data-max-length]").forEach(function (area) {
    var limit = parseInt(area.getAttribute("data-max-length"), 10);
    var hint = document.getElementById(area.id.replace(/^q_/, "") + "-limit");
    if (!limit || !hint) { return; }
    var counter = document.createElement("p");
    counter.className = "hint char-counter";
    counter.setAttribute("aria-live", "polite");
    counter.id = area.id + "-counter";
    area.parentNode.insertBefore(counter, area.nextSibling);
    function count() {
      var left = limit - area.value.length;
      var template = left >= 0 ? hint.getAttribute("data-left") : hint.getAttribute("data-over");
      counter.textContent = template.replace("{count}", String(Math.abs(left)));
      counter.classList.toggle("char-counter-over", left < 0);
    }
    area.addEventListener("input", count);
    count();
  });

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
}());
