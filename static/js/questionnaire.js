// Autosave feedback: say "Saving…" while a question is sent, and say clearly when it could not be
// saved (network down, server error): the answer stays on the page and the section's Save button works.
//
// Files are not autosaved: a chosen file is attached when the section form is sent, whatever button
// sends it (Upload, Save, Save and go on). Until then the question says plainly that it is not attached,
// and leaving the page by a link asks first.
(function () {
  var form = document.getElementById("section-form");
  var submitting = false;

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

  function isFileInput(element) {
    return element instanceof HTMLInputElement && element.type === "file" && form && form.contains(element);
  }
  function chosenFiles() {
    return form ? Array.prototype.filter.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files.length;
    }) : [];
  }
  function showPending(input) {
    var note = document.getElementById("file-pending-" + input.id.replace(/^file-/, ""));
    if (!note) { return; }
    var name = input.files && input.files.length ? input.files[0].name : "";
    note.textContent = name ? (note.dataset.pending || "“{name}” is not attached yet.").replace("{name}", name) : "";
  }
  // Captured at the document, before the question's autosave hears it: choosing a file changes no answer,
  // so it must not send one (that would report "Saved at" an old time).
  ["change", "input"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (!isFileInput(event.target)) { return; }
      event.stopPropagation();
      if (type === "change") { showPending(event.target); }
    }, true);
  });
  if (form) {
    form.addEventListener("submit", function () { submitting = true; });
  }
  window.addEventListener("pageshow", function () {
    submitting = false;
    chosenFiles().forEach(showPending);  // a file kept by the browser's back/forward cache
  });
  window.addEventListener("beforeunload", function (event) {
    if (submitting || !chosenFiles().length) { return; }
    event.preventDefault();
    event.returnValue = "";  // browsers show their own wording: "Leave site? Changes may not be saved."
  });
})();
