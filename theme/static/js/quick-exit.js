/* Quick exit: leave the site at once, so that the back button does not come back here.
 *
 * Without JavaScript #quick-exit is a plain link. With it, activating the link first blanks
 * the page (title and content, so nothing lingers on screen while the next site loads), then
 * calls location.replace(), which swaps this page out of the tab's history.
 *
 * Keyboard: pressing Shift three times within two seconds does the same (the pattern of
 * GOV.UK's "Exit this page"). Only a Shift pressed on its own counts: typing capital letters
 * presses another key with it and resets the count. We do not use Escape: it clears search
 * boxes and closes menus, so people press it twice in the course of ordinary form use.
 * Earlier pages of this site stay in the history; a browser gives pages no way to remove them.
 */
(function () {
  "use strict";

  const link = document.getElementById("quick-exit");
  if (!link) {
    return;
  }

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    const target = link.href;
    document.title = "";
    document.body.replaceChildren();
    window.location.replace(target);
  }

  link.addEventListener("click", leave);

  const hint = document.createElement("span");
  hint.className = "visually-hidden";
  hint.textContent = " (or press Shift three times)";
  link.append(hint);

  let presses = [];
  let lone = false;
  document.addEventListener("keydown", (event) => {
    lone = event.key === "Shift" && !event.repeat;
    if (event.key !== "Shift") {
      presses = [];
    }
  });
  document.addEventListener("keyup", (event) => {
    if (event.key !== "Shift" || !lone) {
      return;
    }
    lone = false;
    const now = Date.now();
    presses = presses.filter((t) => now - t < 2000);
    presses.push(now);
    if (presses.length >= 3) {
      leave();
    }
  });
})();
