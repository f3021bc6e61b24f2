// Atlas pages: the map's zoom buttons; on the "where is it?" map, clicking a marker presses its
// numbered button, and hovering or focusing either one lights up the other. Everything but
// zooming works without this file (the page's own pinch zoom always does).
(function () {
  "use strict";

  // The levels atlas.css draws (data-zoom-level); the map's width is this many times its window's.
  var ZOOMS = [1, 1.5, 2, 3, 4];

  function pairs(choice) {
    return document.querySelectorAll('[data-choice="' + CSS.escape(choice) + '"]');
  }

  function setHot(choice, on) {
    pairs(choice).forEach(function (el) { el.classList.toggle("is-hot", on); });
  }

  // Finger-sized hit areas overlap where markers are close: a tap there goes to the nearest.
  function nearestHit(event) {
    var svg = event.target.ownerSVGElement;
    var at = new DOMPoint(event.clientX, event.clientY).matrixTransform(svg.getScreenCTM().inverse());
    var best = null, bestDistance = Infinity;
    svg.querySelectorAll(".hit").forEach(function (hit) {
      var distance = Math.hypot(hit.cx.baseVal.value - at.x, hit.cy.baseVal.value - at.y);
      if (distance < bestDistance) { best = hit; bestDistance = distance; }
    });
    return best;
  }

  function wireMapHits(layer) {
    layer.addEventListener("click", function (event) {
      var hit = event.target.closest(".hit") && nearestHit(event);
      var link = hit && hit.closest("a[href]");
      if (link && link !== event.target.closest("a[href]")) {
        event.preventDefault();
        window.location.assign(link.getAttribute("href"));
      }
    });
  }

  function wireQuiz(form) {
    document.querySelectorAll(".where-marker[data-choice], .where-hit[data-choice]").forEach(function (marker) {
      var choice = marker.getAttribute("data-choice");
      var button = form.querySelector('button[data-choice="' + CSS.escape(choice) + '"]');
      if (!button) { return; }
      marker.addEventListener("click", function (event) {
        var hit = marker.classList.contains("where-hit") ? nearestHit(event) : marker;
        var picked = form.querySelector('button[data-choice="' + CSS.escape(hit.getAttribute("data-choice")) + '"]');
        form.requestSubmit(picked || button);
      });
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

  // Zooming keeps the point at the window's centre where it was.
  function wireZoom(frame) {
    var viewport = frame.querySelector(".atlas-viewport");
    var controls = frame.querySelector(".zoom-controls");
    var output = frame.querySelector(".zoom-level");
    var level = 0;

    function show(next) {
      var centreX = (viewport.scrollLeft + viewport.clientWidth / 2) / viewport.scrollWidth;
      var centreY = (viewport.scrollTop + viewport.clientHeight / 2) / viewport.scrollHeight;
      level = Math.max(0, Math.min(ZOOMS.length - 1, next));
      viewport.setAttribute("data-zoom-level", String(ZOOMS[level]));
      viewport.scrollLeft = centreX * viewport.scrollWidth - viewport.clientWidth / 2;
      viewport.scrollTop = centreY * viewport.scrollHeight - viewport.clientHeight / 2;
      // A zoomed map scrolls: the keyboard can then focus it and move with the arrow keys.
      if (level > 0) { viewport.setAttribute("tabindex", "0"); } else { viewport.removeAttribute("tabindex"); }
      output.textContent = Math.round(ZOOMS[level] * 100) + "%";
    }

    controls.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-zoom]");
      if (!button) { return; }
      var step = button.getAttribute("data-zoom");
      show(step === "reset" ? 0 : level + (step === "in" ? 1 : -1));
    });
    controls.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-atlas-zoom]").forEach(wireZoom);
    document.querySelectorAll(".hit-areas").forEach(function (layer) {
      if (layer.querySelector("a[href]")) { wireMapHits(layer); }  // the quiz's are wired above
    });
    var form = document.getElementById("where-form");
    if (form) { wireQuiz(form); }
    var next = document.querySelector(".where-result [data-autofocus]");
    if (next) { next.focus(); }
  });
})();
