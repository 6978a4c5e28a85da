// Boxes on the page image: search hits always, a field's source while its field is hovered or edited.
// Positions come from data-box ("x y w h", fractions of the page), so they follow zoom and resizing.
(function () {
  document.querySelectorAll(".page-frame .box").forEach(function (box) {
    var b = box.dataset.box.split(" ").map(parseFloat);
    box.style.left = (100 * b[0]) + "%";
    box.style.top = (100 * b[1]) + "%";
    box.style.width = (100 * b[2]) + "%";
    box.style.height = (100 * b[3]) + "%";
  });
  function show(name, on) {
    document.querySelectorAll('.source-box[data-field="' + name + '"]').forEach(function (box) {
      box.classList.toggle("shown", on);
      if (on) box.scrollIntoView({block: "nearest", inline: "nearest"});
    });
  }
  document.querySelectorAll("#fields [data-field]").forEach(function (el) {
    var name = el.dataset.field;
    ["mouseenter", "focusin"].forEach(function (e) { el.addEventListener(e, function () { show(name, true); }); });
    ["mouseleave", "focusout"].forEach(function (e) { el.addEventListener(e, function () { show(name, false); }); });
  });
})();
