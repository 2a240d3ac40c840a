/* Typed text is never lost silently. Forms marked data-unsaved-warning count as changed once
   someone types in them; leaving the page then asks first. Submitting the changed form itself is
   not leaving: every action of such a form sends its text along and the server saves it first
   (or refuses the action and shows the text again). Without JavaScript the server side still
   holds; this only adds the question for links, other forms and closing the tab. */
(function () {
  "use strict";
  var changed = new Set();

  function guarded(element) {
    var form = element && element.form;
    return form && form.hasAttribute("data-unsaved-warning") ? form : null;
  }

  document.addEventListener("input", function (event) {
    var form = guarded(event.target);
    if (form) changed.add(form);
  });
  document.addEventListener("submit", function (event) {
    // the changed form's own submission carries its text; any other form's does not
    changed.delete(event.target);
  });
  window.addEventListener("beforeunload", function (event) {
    if (changed.size) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
