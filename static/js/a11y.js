// After a failed submit the error summary gets the focus, so that keyboard and screen reader
// users learn what went wrong and can follow its links to the fields (WCAG 3.3.1, 4.1.3).
// Row buttons and filters need no code here: htmx focuses `autofocus` elements in swapped
// content, and status regions are updated in place (hx-select-oob / hx-swap-oob).
(function () {
  "use strict";
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }
  // a link in the summary moves the focus into its field, not only the scroll position
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (field) {
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
})();
