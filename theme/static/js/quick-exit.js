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
 *
 * Before leaving it clears everything this site keeps in the browser (the privacy page lists
 * it): the shortlist and any other "ord-" key in localStorage, and this tab's
 * sessionStorage (where the finder keeps a search for Back; finder.js takes searches out of
 * the addresses of earlier pages). Earlier pages of this site stay in the history, without
 * their searches; a browser gives pages no way to remove them.
 */
(function () {
  "use strict";

  const link = document.getElementById("quick-exit");
  if (!link) {
    return;
  }

  const PREFIX = "ord-"; // every key this site sets starts with it

  function forget() {
    try {
      const keys = [];
      for (let i = 0; i < window.localStorage.length; i += 1) {
        keys.push(window.localStorage.key(i));
      }
      keys.filter((k) => k && k.startsWith(PREFIX)).forEach((k) => {
        window.localStorage.removeItem(k);
      });
    } catch (err) {
      /* storage refused: there is nothing stored to clear */
    }
    try {
      window.sessionStorage.clear();
    } catch (err) {
      /* as above */
    }
  }

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    window.ORDLeaving = true; // finder.js then saves nothing as the page goes
    forget();
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
