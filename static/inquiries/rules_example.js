// The admin's live example: recompute it while the rules are edited (the saved rules' example
// is shown without JavaScript).
(function () {
  "use strict";
  function init() {
    const controls = document.querySelector(".rules-example-controls");
    const textarea = document.querySelector("textarea.rules-json");
    const target = document.querySelector(".rules-example");
    if (!controls || !textarea || !target) return;
    const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
    const state = controls.querySelector("select[name=example_state]");
    const received = controls.querySelector("input[name=example_received_on]");
    let timer = null;
    let latest = 0;
    function refresh() {
      const body = new URLSearchParams({rules: textarea.value, state: state.value, received_on: received.value});
      const request = ++latest;
      fetch(controls.dataset.url, {
        method: "POST",
        body: body,
        headers: {"X-CSRFToken": csrf ? csrf.value : ""},
        credentials: "same-origin",
      })
        .then((response) => (response.ok ? response.json() : null))
        .then((data) => {
          if (data && request === latest) target.innerHTML = data.html;
        });
    }
    function later() {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    }
    textarea.addEventListener("input", later);
    state.addEventListener("change", refresh);
    received.addEventListener("change", refresh);
  }
  document.addEventListener("DOMContentLoaded", init);
})();
