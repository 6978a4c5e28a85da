/* Buttons with data-confirm ask before they submit (the CSP forbids inline onclick handlers). */
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
  if (button && !window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
});
