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
})();
