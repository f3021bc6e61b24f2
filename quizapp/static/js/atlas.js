// Atlas pages: on the "where is it?" map, clicking a marker presses its numbered button, and
// hovering or focusing either one lights up the other. Everything works without this file.
(function () {
  "use strict";

  function pairs(choice) {
    return document.querySelectorAll('[data-choice="' + CSS.escape(choice) + '"]');
  }

  function setHot(choice, on) {
    pairs(choice).forEach(function (el) { el.classList.toggle("is-hot", on); });
  }

  function wireQuiz(form) {
    document.querySelectorAll(".where-marker[data-choice]").forEach(function (marker) {
      var choice = marker.getAttribute("data-choice");
      var button = form.querySelector('button[data-choice="' + CSS.escape(choice) + '"]');
      if (!button) { return; }
      marker.addEventListener("click", function () { form.requestSubmit(button); });
      marker.addEventListener("mouseenter", function () { setHot(choice, true); });
      marker.addEventListener("mouseleave", function () { setHot(choice, false); });
      ["focus", "mouseenter"].forEach(function (type) {
        button.addEventListener(type, function () { setHot(choice, true); });
      });
      ["blur", "mouseleave"].forEach(function (type) {
        button.addEventListener(type, function () { setHot(choice, false); });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("where-form");
    if (form) { wireQuiz(form); }
    var next = document.querySelector(".where-result [data-autofocus]");
    if (next) { next.focus(); }
  });
})();
