/* Document list bulk actions: "select all on this page", the count of selected rows, and
   only the inputs of the chosen action shown. The server checks every letter again. */
(function () {
  var form = document.getElementById("bulk-form");
  if (!form) return;
  var all = document.getElementById("select-all");
  var action = document.getElementById("bulk-action");
  var count = document.getElementById("bulk-count");
  function boxes() { return Array.prototype.slice.call(document.querySelectorAll('input[name="ids"][form="bulk-form"]')); }
  function update() {
    var picked = boxes().filter(function (b) { return b.checked; }).length;
    count.textContent = picked ? (count.getAttribute("data-template") || "%n").replace("%n", picked) : "";
    if (all) { all.checked = picked > 0 && picked === boxes().length; all.indeterminate = picked > 0 && picked < boxes().length; }
  }
  function showInputs() {
    form.querySelectorAll("[data-bulk]").forEach(function (el) {
      el.hidden = el.getAttribute("data-bulk") !== action.value;
    });
  }
  if (all) all.addEventListener("change", function () { boxes().forEach(function (b) { b.checked = all.checked; }); update(); });
  boxes().forEach(function (b) { b.addEventListener("change", update); });
  action.addEventListener("change", showInputs);
  showInputs();
  update();
})();
