/* Buttons with data-confirm ask before they submit (the CSP forbids inline onclick handlers). */
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
  if (button && !window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
});

/* A second click on a submit button while the page is still being sent does not send the form
   again (a double click must not register, dispose or approve twice). Only POST forms: every
   one of them leads to a new page; the mark is cleared when the browser shows the page again
   from its cache (the back button). */
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
  if (form.hasAttribute("data-submitting")) { event.preventDefault(); return; }
  form.setAttribute("data-submitting", "");
});
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-submitting]").forEach(function (form) { form.removeAttribute("data-submitting"); });
});
