/* Small form behaviours, declared with data attributes (the Content-Security-Policy forbids inline handlers):
   data-autosubmit on a field submits its form when the field changes;
   data-confirm="question" on a form asks before it is sent. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof Element && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-confirm")) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    }
  });
})();
