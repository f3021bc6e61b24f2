/* Quiz page enhancements; everything works without them.
 * - keys 1–9 choose a multiple-choice or true/false option (not while typing);
 * - ordering: ↑/↓ buttons, Alt+↑/Alt+↓ and drag and drop move items, position selects stay
 *   in step;
 * - "where is it?": each place's radio button moves onto its marker on the map (arrow keys
 *   still move within the radio group);
 * - feedback and results: focus the main next action so Enter continues. */
(function () {
  "use strict";

  function isTyping(el) {
    return el && el.matches && el.matches("input[type=text], input[type=number], textarea, select");
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || isTyping(event.target)) return;
    if (!/^[1-9]$/.test(event.key)) return;
    var radio = document.querySelector('input[type=radio][data-key="' + event.key + '"]');
    if (!radio) return;
    radio.checked = true;
    radio.focus();
    event.preventDefault();
  });

  function renumber(list) {
    var items = list.querySelectorAll(".order-item");
    items.forEach(function (item, index) {
      item.querySelector("select").value = String(index + 1);
    });
  }

  function announce(list, item) {
    var status = document.querySelector("[data-order-status]");
    var items = Array.prototype.slice.call(list.querySelectorAll(".order-item"));
    if (status) {
      status.textContent = item.querySelector(".order-text").textContent + ": position " +
        (items.indexOf(item) + 1) + " of " + items.length;
    }
  }

  function moveTo(list, item, index) {
    var items = Array.prototype.slice.call(list.querySelectorAll(".order-item"));
    items.splice(items.indexOf(item), 1);
    index = Math.max(0, Math.min(index, items.length));
    list.insertBefore(item, items[index] || null);
    renumber(list);
    announce(list, item);
  }

  function moveBy(list, item, step) {
    var items = Array.prototype.slice.call(list.querySelectorAll(".order-item"));
    moveTo(list, item, items.indexOf(item) + step);
  }

  function enhanceOrdering(list) {
    list.querySelectorAll("[data-move]").forEach(function (button) { button.hidden = false; });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("[data-move]");
      if (!button) return;
      moveBy(list, button.closest(".order-item"), Number(button.dataset.move));
      button.focus();
    });
    list.addEventListener("change", function (event) {
      if (!event.target.matches("select")) return;
      moveTo(list, event.target.closest(".order-item"), Number(event.target.value) - 1);
      event.target.focus();
    });
    list.addEventListener("keydown", function (event) {
      if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
      var item = event.target.closest(".order-item");
      if (!item) return;
      event.preventDefault();
      var focused = document.activeElement;
      moveBy(list, item, event.key === "ArrowUp" ? -1 : 1);
      if (focused) focused.focus();
    });
    enableDragging(list);
  }

  /* Drag and drop (mouse): drop an item on another to take its place. */
  function enableDragging(list) {
    var dragged = null;
    list.querySelectorAll(".order-item").forEach(function (item) { item.draggable = true; });
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest(".order-item");
      if (!dragged) return;
      dragged.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.querySelector(".order-text").textContent);
    });
    list.addEventListener("dragover", function (event) {
      if (dragged && event.target.closest(".order-item")) event.preventDefault();
    });
    list.addEventListener("drop", function (event) {
      var target = event.target.closest(".order-item");
      if (!dragged || !target) return;
      event.preventDefault();
      var items = Array.prototype.slice.call(list.querySelectorAll(".order-item"));
      moveTo(list, dragged, items.indexOf(target));
    });
    list.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("dragging");
      dragged = null;
    });
  }

  document.querySelectorAll("[data-ordering]").forEach(enhanceOrdering);

  /* Positions come as percentages of the map's box (CSSOM styles are allowed by the CSP). */
  function placeOnMap(board) {
    board.querySelectorAll("[data-left][data-top]").forEach(function (item) {
      item.style.left = item.dataset.left + "%";
      item.style.top = item.dataset.top + "%";
    });
    board.classList.add("is-on-map");
  }

  document.querySelectorAll("[data-where-map]").forEach(placeOnMap);

  /* The verdict stays in view: focusing the button must not scroll the page to it. */
  var next = document.querySelector("[data-autofocus]");
  if (next) next.focus({ preventScroll: true });
})();
