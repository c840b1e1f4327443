/* Shortlist: the services someone wants to compare, kept ONLY in this browser.
 *
 * Stored in localStorage under "ord-shortlist" as a JSON array of provider slugs, newest
 * last. No cookie, no account, nothing sent anywhere. When localStorage is unavailable
 * (blocked, or a private window that refuses it) the list lives in memory for this page.
 *
 * Exposes window.ORDShortlist for finder.js and compare.js, and fills the provider page's
 * #provider-actions placeholder (from _provider_actions.html) with a shortlist button.
 */
(function () {
  "use strict";

  const KEY = "ord-shortlist";
  const MAX = 50;
  const listeners = [];
  let memory = [];

  function read() {
    try {
      const raw = window.localStorage.getItem(KEY);
      const list = raw ? JSON.parse(raw) : [];
      return Array.isArray(list) ? list.filter((s) => typeof s === "string") : [];
    } catch (err) {
      return memory.slice();
    }
  }

  function write(list) {
    memory = list.slice();
    try {
      if (list.length) {
        window.localStorage.setItem(KEY, JSON.stringify(list));
      } else {
        window.localStorage.removeItem(KEY);
      }
    } catch (err) {
      /* storage refused: keep the in-memory copy */
    }
    listeners.forEach((fn) => fn(list.slice()));
  }

  const api = {
    list: read,
    has: (slug) => read().includes(slug),
    add(slug) {
      const list = read().filter((s) => s !== slug);
      list.push(slug);
      write(list.slice(-MAX));
    },
    remove(slug) {
      write(read().filter((s) => s !== slug));
    },
    toggle(slug) {
      if (api.has(slug)) {
        api.remove(slug);
      } else {
        api.add(slug);
      }
    },
    clear() {
      write([]);
    },
    onChange(fn) {
      listeners.push(fn);
    },

    /* A toggle button for one provider. Its text says what pressing it will do, and names
     * the provider for screen readers (the visible text alone would be ambiguous in a list).
     * Every such button on the page is kept in step by one listener (below), so a redrawn list of
     * results registers no listeners of its own. */
    button(slug, name) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "shortlist-toggle";
      button.dataset.slug = slug;
      const who = document.createElement("span");
      who.className = "visually-hidden";
      who.textContent = ": " + name;
      button.append(document.createElement("span"), who);
      button.addEventListener("click", () => {
        api.toggle(slug);
      });
      syncButton(button, read());
      return button;
    },
  };

  function syncButton(button, list) {
    const on = list.includes(button.dataset.slug);
    button.firstChild.textContent = on ? "Remove from shortlist" : "Add to shortlist";
    button.classList.toggle("is-shortlisted", on);
  }

  api.onChange((list) => {
    document.querySelectorAll("button.shortlist-toggle").forEach((b) => syncButton(b, list));
  });

  /* Another tab changed the shortlist: tell this page's listeners. */
  window.addEventListener("storage", (event) => {
    if (event.key === KEY || event.key === null) {
      listeners.forEach((fn) => fn(read()));
    }
  });

  window.ORDShortlist = api;

  /* Provider page: fill the placeholder with the button and a link to /compare/. */
  const actions = document.getElementById("provider-actions");
  if (actions && actions.dataset.slug) {
    const link = document.createElement("a");
    link.className = "shortlist-link";
    link.href = actions.dataset.compare || "/compare/";
    const status = document.createElement("p");
    status.className = "shortlist-status";
    status.setAttribute("role", "status");
    const count = () => {
      const n = read().length;
      link.textContent = "View your shortlist and compare (" + n + ")";
    };
    api.onChange((list) => {
      count();
      status.textContent = list.includes(actions.dataset.slug)
        ? "Added to your shortlist." : "Not on your shortlist.";
    });
    count();
    actions.append(api.button(actions.dataset.slug, actions.dataset.name || ""), link, status);
    actions.hidden = false;
  }
})();
