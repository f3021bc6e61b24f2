// The header's phone menu (a <details> in base.html) works without this file; with it, Escape
// closes the open menu (focus back on "Menu") and so does a click or tap outside it.
(() => {
  "use strict";
  const menu = document.querySelector(".site-menu");
  if (!menu) return;
  const summary = menu.querySelector("summary");
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      summary.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
})();
