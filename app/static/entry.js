// Disposition entry: once the page has loaded, its holder's copy is marked read by a POST
// (opening a page never changes state). Without JavaScript the "Mark as read" button does it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-auto-read]");
  if (!form || !window.fetch) return;

  function applyRead(result) {
    var badge = document.querySelector("#entry-status [data-status]");
    if (badge) {
      badge.dataset.status = result.status;
      badge.className = "badge";
      badge.textContent = result.label;
    }
    // Every other form on the page carries the entry's version: keep them current.
    document.querySelectorAll('input[name="version"]').forEach(function (input) { input.value = result.version; });
    var cancel = document.getElementById("cancel-entry");
    if (cancel) cancel.closest("form").remove();  // read entries can no longer be cancelled
    form.remove();
  }

  function markRead() {
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      if (!response.ok) return null;  // the button stays: the person can still try by hand
      return response.json();
    }).then(function (result) {
      if (result && result.status) applyRead(result);
    }).catch(function () { /* offline: the button stays */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", markRead);
  else markRead();
})();
