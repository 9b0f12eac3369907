// Slow actions (submitting, asking for a report) can take several seconds: once such a form is sent, its
// button is disabled, shows a spinner (Pico's aria-busy) and says what is happening, so nobody presses
// twice or thinks nothing happened. Forms opt in with data-busy="<text to show>".
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-busy]") || event.defaultPrevented) { return; }
    var button = event.submitter || form.querySelector("button[type=submit], button:not([type])");
    if (!button) { return; }
    // Disabled only after the browser has read the form: a disabled button's name and value are not sent.
    window.setTimeout(function () {
      button.dataset.idleLabel = button.textContent;
      button.textContent = form.dataset.busy;
      button.setAttribute("aria-busy", "true");
      button.disabled = true;
    }, 0);
  });
  // Coming back with the browser's Back button shows the page from its cache: make the button usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-busy] button[aria-busy=true]").forEach(function (button) {
      button.textContent = button.dataset.idleLabel || button.textContent;
      button.removeAttribute("aria-busy");
      button.disabled = false;
    });
  });
})();
