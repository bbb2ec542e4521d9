/* Small form behaviours, declared with data attributes (the Content-Security-Policy forbids inline handlers):
   data-autosubmit on a field submits its form when the field changes;
   data-confirm="question" on a form asks before it is sent;
   data-grid-keys on a table of inputs moves between its rows with the up and down arrows, in the same
   column, as in a spreadsheet (Tab and Shift+Tab already move along a row), over rows marked
   data-grid-skip (a row's second line of fields);
   data-default-source on a row: typing a value of one's own there un-flags the default and sets the
   row's source select (data-source) to the customer's estimate, as a value calculator needs. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof Element && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit();
    }
  });
  document.addEventListener("input", function (event) {
    var field = event.target;
    var row = field instanceof Element ? field.closest("tr[data-default-source]") : null;
    if (!row || !(field instanceof HTMLInputElement)) { return; }
    row.classList.remove("is-default");
    var source = row.querySelector("select[data-source]");
    if (source && source.value === "default") { source.value = "customer-estimate"; }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowUp" && event.key !== "ArrowDown") { return; }
    var field = event.target;
    if (!(field instanceof HTMLInputElement) || field.type === "checkbox") { return; }
    var cell = field.closest("td");
    var table = field.closest("table[data-grid-keys]");
    if (!cell || !table) { return; }
    var row = cell.parentElement;
    var column = Array.prototype.indexOf.call(row.children, cell);
    var step = function (r) { return event.key === "ArrowDown" ? r.nextElementSibling : r.previousElementSibling; };
    var next = step(row);
    while (next && next.hasAttribute("data-grid-skip")) { next = step(next); }
    var target = next && next.children[column] && next.children[column].querySelector("input, select");
    // In the grid the arrows only move: at the last row they must not step a number up or down.
    event.preventDefault();
    if (target) { target.focus(); if (target.select) { target.select(); } }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-confirm")) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    }
  });
})();
