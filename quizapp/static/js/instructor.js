// Instructor pages: small progressive enhancements; every page works without this script.
(function () {
  "use strict";
  // The import form's "title of the new set" only matters when importing into a new set.
  var target = document.getElementById("target");
  var newSetFields = document.getElementById("new-set-fields");
  if (target && newSetFields) {
    var sync = function () { newSetFields.hidden = target.value !== ""; };
    target.addEventListener("change", sync);
    sync();
  }
  // The set page's "Add a question" and "Export" menus are <details>: Escape closes an open one
  // and puts the focus back on its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var menus = document.querySelectorAll("details.add-question[open], details.export-menu[open]");
    Array.prototype.forEach.call(menus, function (menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });
})();
