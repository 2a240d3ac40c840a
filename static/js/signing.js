/* Signing takes a few seconds (the letter is rendered, then signed). While the request runs, the
   button is disabled, so a second click sends nothing (the server would refuse it anyway), and
   the status region says what is happening; a spinner shows it too. The next page says when it
   is done. Without JavaScript the browser's own loading indicator is all, and the server still
   signs once. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-signing-form")) return;
    var button = form.querySelector("button[type=submit]");
    var status = form.querySelector("[data-signing-status]");
    var text = form.querySelector("template[data-signing-text]");
    if (form.getAttribute("aria-busy") === "true") {
      event.preventDefault();
      return;
    }
    form.setAttribute("aria-busy", "true");
    if (status && text) {
      var spinner = document.createElement("span");
      spinner.className = "spinner-border spinner-border-sm me-2";
      spinner.setAttribute("aria-hidden", "true");
      status.replaceChildren(spinner, document.createTextNode(text.content.textContent.trim()));
    }
    // disabled after the submission has started, so that the form is still sent
    window.setTimeout(function () {
      if (button) button.disabled = true;
    }, 0);
  });
})();
