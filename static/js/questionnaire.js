// Autosave feedback: say "Saving…" while a question is sent, and say clearly when it could not be
// saved (network down, server error): the answer stays on the page and the section's Save button works.
(function () {
  function statusFor(event) {
    var fieldset = event.detail.elt && event.detail.elt.closest("fieldset.question");
    return fieldset ? fieldset.querySelector(".save-status") : null;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var status = statusFor(event);
    if (status) { status.classList.remove("save-error"); status.textContent = status.dataset.saving || "Saving…"; }
  });
  function failed(event) {
    var status = statusFor(event);
    if (status) {
      status.classList.add("save-error");
      status.textContent = status.dataset.failed ||
        "Not saved: the portal could not be reached. Your answer is still here; use “Save this section”.";
    }
  }
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:responseError", failed);
})();
