/* Finder: search as you type, combinable filters, sorting and distance, on the home page.
 *
 * Progressive enhancement: _finder.html serves the form with the `hidden` attribute, because
 * without JavaScript there is nothing to answer it (a static site has no server search);
 * no-JS visitors get the server-rendered browse links in #results instead. This script
 * un-hides the form and takes over #results.
 *
 * The search files (see rehab_directory/search.py) are fetched lazily: on the first focus of,
 * or input into, the form; or at once when the address already carries a search. The whole
 * state of the form is mirrored into the query string (history.replaceState), so a search can
 * be bookmarked or shared and is restored on load. Your location, for sorting by distance, is
 * asked for only when you press the button, is kept in memory only and never leaves the page.
 */
document.addEventListener("DOMContentLoaded", () => {
  "use strict";

  const form = document.getElementById("finder");
  const list = document.getElementById("results");
  const heading = document.getElementById("results-heading");
  if (!form || !list || !heading) {
    return;
  }
  const status = document.getElementById("finder-status");
  const base = form.dataset.search || "/search/";
  const site = form.dataset.site || "";
  const PAGE = 20;

  const original = {
    heading: heading.textContent,
    nodes: Array.from(list.childNodes),
  };
  let data = null; // a Directory (directory-data.js)
  let searchIndex = null; // the lunr index
  let loading = null;
  let position = null; // {lat, lon} from the geolocation button, memory only
  let shown = PAGE;
  let current = [];

  // ------------------------------------------------------------------ loading the files

  /* lunr.js is only needed once someone searches, so it is loaded then, with its SRI hash. */
  function loadLunr() {
    if (window.lunr) {
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = form.dataset.lunr;
      if (form.dataset.lunrIntegrity) {
        script.integrity = form.dataset.lunrIntegrity;
      }
      script.onload = resolve;
      script.onerror = () => reject(new Error("lunr.js did not load"));
      document.head.append(script);
    });
  }

  function load() {
    if (!loading) {
      const index = fetch(base + "index.json", { credentials: "same-origin" }).then((r) => {
        if (!r.ok) {
          throw new Error("index.json: HTTP " + r.status);
        }
        return r.json();
      });
      loading = Promise.all([window.ORDData.open(base), index, loadLunr()]).then(
        ([directory, serialised]) => {
          data = directory;
          searchIndex = lunr.Index.load(serialised);
          return data;
        },
      );
      loading.catch(() => {
        loading = null;
        announce("Search could not load. Please browse by region, service or substance.");
      });
    }
    return loading;
  }

  // ------------------------------------------------------------------ state and the URL

  function state() {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      const text = String(value).trim();
      if (text !== "") {
        params.append(name, text);
      }
    }
    return params;
  }

  function restore(params) {
    for (const element of form.elements) {
      if (!element.name) {
        continue;
      }
      const values = params.getAll(element.name);
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.includes(element.value);
      } else if (element.tagName === "SELECT" || element.tagName === "INPUT") {
        element.value = values.length ? values[0] : "";
        if (element.tagName === "SELECT" && element.selectedIndex < 0) {
          element.selectedIndex = 0;
        }
      }
    }
  }

  function isFiltering(params) {
    return params.toString() !== ""; // the default of every control is the empty value
  }

  // ------------------------------------------------------------------ search and filters

  /* Each word the person typed must match (AND); a word matches whole, as a prefix ("bea"
   * finds Beacon) or, from four letters on, within one typo ("Leds" finds Leeds). The index
   * holds whole words, accents folded, without stemming (see search.py). */
  function searchScores(text) {
    const folded = text.normalize("NFKD").replace(/\p{M}/gu, ""); // as search.py
    const words = lunr.tokenizer(folded)
      .map((token) => token.toString().toLowerCase())
      .filter((word) => word && lunr.stopWordFilter(word));
    let scores = null;
    for (const word of words) {
      const hits = searchIndex.query((query) => {
        query.term(word, { boost: 10 });
        query.term(word, {
          usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 5,
        });
        if (word.length >= 4) {
          query.term(word, { editDistance: 1, boost: 1 }); // stemmed, as the index is
        }
      });
      const found = new Map(hits.map((hit) => [parseInt(hit.ref, 36), hit.score]));
      if (scores === null) {
        scores = found;
      } else {
        for (const [id, score] of scores) {
          if (found.has(id)) {
            scores.set(id, score + found.get(id));
          } else {
            scores.delete(id);
          }
        }
      }
    }
    return scores;
  }

  const vocabMask = (vocab, codes) => data.mask(vocab, codes);
  const vocabIndex = (vocab, code) => data.index(vocab, code);

  function number(params, name) {
    const value = params.get(name);
    if (value === null || value === "") {
      return null;
    }
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }

  /* One predicate per filter; a row shows when every active predicate holds. */
  function predicates(params) {
    const tests = [];
    const services = params.getAll("service").map((code) => vocabIndex("service", code));
    if (services.length) {
      tests.push((r) => services.every((i) => r.services.includes(i)));
    }
    const substances = vocabMask("substance", params.getAll("substance"));
    if (substances) {
      tests.push((r) => (r.substances & substances) === substances);
    }
    const needs = params.getAll("need").reduce((mask, flag) => {
      const bit = data.table.flags.indexOf(flag);
      return bit < 0 ? mask : mask | (1 << bit);
    }, 0);
    if (needs) {
      tests.push((r) => (r.flags & needs) === needs);
    }
    const funding = params.getAll("funding").map((code) => vocabIndex("funding", code));
    if (funding.length) {
      tests.push((r) => funding.some((i) => r.funding.includes(i))); // any way you can pay
    }
    const gender = params.get("gender");
    if (gender) {
      const mixed = vocabIndex("gender", "mixed");
      const only = { women: "women_only", men: "men_only" }[gender];
      if (only) {
        const index = vocabIndex("gender", only);
        tests.push((r) => r.gender === mixed || r.gender === index);
      } else {
        const index = vocabIndex("gender", gender);
        tests.push((r) => r.gender === index);
      }
    }
    const age = number(params, "age");
    if (age !== null) {
      tests.push((r) => r.min_age <= age && (r.max_age === null || age <= r.max_age));
    }
    const mh = params.get("mh");
    if (mh) {
      const least = vocabIndex("mental_health", mh);
      tests.push((r) => r.mental_health >= least); // none < supported < specialist
    }
    const twelve = params.get("twelve");
    if (twelve) {
      const none = vocabIndex("twelve_step", "none");
      if (twelve === "yes") {
        tests.push((r) => r.twelve_step !== none);
      } else if (twelve === "no") {
        tests.push((r) => r.twelve_step === none);
      } else {
        const index = vocabIndex("twelve_step", twelve);
        tests.push((r) => r.twelve_step === index);
      }
    }
    const faith = params.get("faith");
    if (faith === "faith") {
      tests.push((r) => r.faith !== null);
    } else if (faith === "secular") {
      tests.push((r) => r.faith === null);
    }
    const cost = number(params, "cost");
    if (cost !== null) {
      tests.push((r) => r.cost_min !== null && r.cost_min <= cost);
    }
    const wait = number(params, "wait");
    if (wait !== null) {
      tests.push((r) => r.wait_days !== null && r.wait_days <= wait);
    }
    const region = params.get("region");
    if (region) {
      const index = vocabIndex("region", region);
      tests.push((r) => r.region === index);
    }
    const lang = params.get("lang");
    if (lang) {
      tests.push((r) => r.languages.split(" ").includes(lang));
    }
    return tests;
  }

  function miles(row) {
    const rad = Math.PI / 180;
    const dLat = (row.lat - position.lat) * rad;
    const dLon = (row.lon - position.lon) * rad;
    const a = Math.sin(dLat / 2) ** 2
      + Math.cos(position.lat * rad) * Math.cos(row.lat * rad) * Math.sin(dLon / 2) ** 2;
    return 3958.8 * 2 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function nullsLast(a, b) {
    if (a === null || b === null) {
      return a === b ? 0 : a === null ? 1 : -1;
    }
    return a - b;
  }

  function results(params) {
    const scores = params.get("q") ? searchScores(params.get("q")) : null;
    const tests = predicates(params);
    const pool = scores === null ? data.rows : [...scores.keys()].map((id) => data.rows[id]);
    const found = pool.filter((row) => tests.every((test) => test(row)));
    const byName = (a, b) => a.name.localeCompare(b.name, "en-GB") || a.id - b.id;
    const sort = params.get("sort") || "relevance";
    if (position) {
      found.forEach((row) => { row.distance = miles(row); });
    }
    if (sort === "distance" && position) {
      found.sort((a, b) => a.distance - b.distance || byName(a, b));
    } else if (sort === "wait") {
      found.sort((a, b) => nullsLast(a.wait_days, b.wait_days) || byName(a, b));
    } else if (sort === "cost") {
      found.sort((a, b) => nullsLast(a.cost_min, b.cost_min) || byName(a, b));
    } else if (sort === "relevance" && scores !== null) {
      found.sort((a, b) => scores.get(b.id) - scores.get(a.id) || byName(a, b));
    } else {
      found.sort(byName);
    }
    return found;
  }

  // ------------------------------------------------------------------ drawing result cards

  const el = window.ORDData.el;
  const terms = window.ORDData.glossaryLinks(form); // glossary links, as on the browse pages

  function card(row) {
    const li = el("li", "card");
    li.id = "p-" + row.slug;
    const h3 = el("h3", "card-title");
    const a = el("a", "", row.name);
    a.href = site + "/providers/" + row.slug + "/";
    h3.append(a);
    li.append(h3, el("p", "card-place", data.facts.place(row)));
    if (row.distance !== undefined && position) {
      const m = Math.round(row.distance);
      li.append(el("p", "card-distance", m < 1 ? "Less than 1 mile away"
        : "About " + m + (m === 1 ? " mile" : " miles") + " away"));
    }
    li.append(el("p", "card-summary"));
    const dl = el("dl", "card-facts");
    const facts = data.facts;
    const rows = [
      ["Services", (r) => terms("service", data.pairs("service", r.services))],
      ["For", facts.who], ["Wait", facts.wait], ["Cost", facts.cost],
      ["Funding", (r) => terms("funding", data.pairs("funding", r.funding))],
      ["Standards", facts.standards]];
    for (const [name, fact] of rows) {
      const div = el("div");
      const dd = el("dd");
      dd.append(fact(row)); // text, or a fragment with glossary links
      div.append(el("dt", "", name), dd);
      dl.append(div);
    }
    li.append(dl);
    if (window.ORDShortlist) {
      li.append(window.ORDShortlist.button(row.slug, row.name));
    }
    return li;
  }

  function fillSummaries(rows) {
    data.details(rows.map((r) => r.id)).then((found) => {
      for (const row of rows) {
        const node = document.getElementById("p-" + row.slug);
        const summary = node && node.querySelector(".card-summary");
        if (summary && !summary.textContent && found.has(row.id)) {
          summary.textContent = found.get(row.id).summary;
        }
      }
    });
  }

  let announceTimer = 0;
  function announce(message) {
    // Wait for typing to pause, so a screen reader is not interrupted at every key.
    window.clearTimeout(announceTimer);
    announceTimer = window.setTimeout(() => {
      if (status) {
        status.textContent = message;
      }
    }, 600);
  }

  const summary = form.querySelector(".finder-filters > summary");
  const more = el("button", "finder-more");
  more.type = "button";
  more.hidden = true;
  list.after(more);
  more.addEventListener("click", () => {
    const from = shown;
    shown += PAGE;
    draw();
    const next = list.children[from];
    if (next) {
      next.querySelector("a").focus();
    }
  });

  function draw() {
    const page = current.slice(0, shown);
    list.replaceChildren(...page.map(card));
    fillSummaries(page);
    const rest = current.length - page.length;
    more.hidden = rest <= 0;
    more.textContent = "Show " + Math.min(PAGE, rest) + " more results (" + page.length
      + " of " + current.length + " shown)";
  }

  function render() {
    const params = state();
    const query = params.toString();
    const url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", url);
    list.dataset.query = query; // what is on screen (tests wait for it)
    const active = [...params.keys()].filter((key) => key !== "q" && key !== "sort").length;
    summary.textContent = active ? "Filter the results (" + active + " chosen)"
      : "Filter the results";
    if (!isFiltering(params)) {
      heading.textContent = original.heading;
      list.replaceChildren(...original.nodes);
      more.hidden = true;
      announce("");
      return;
    }
    current = results(params);
    shown = PAGE;
    const n = current.length;
    const words = n === 1 ? "1 service matches" : n + " services match";
    heading.textContent = n === 0 ? "No services match" : words + " your search";
    draw();
    let message = heading.textContent + ".";
    if (params.get("sort") === "distance" && !position) {
      message += " To sort by distance, press \u201cSort by distance from me\u201d.";
    }
    if (n === 0) {
      message += " Try removing a filter or checking the spelling.";
    }
    announce(message);
  }

  function update() {
    load().then(render, () => {}); // a failed load has been announced already
  }

  // ------------------------------------------------------------------ wiring

  let typing = 0;
  form.addEventListener("input", (event) => {
    window.clearTimeout(typing);
    typing = window.setTimeout(update, event.target.type === "search" ? 150 : 0);
  });
  form.addEventListener("change", update);
  form.addEventListener("focusin", () => { load().catch(() => {}); }, { once: true });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    load().then(() => {
      render();
      heading.tabIndex = -1;
      heading.focus();
    }, () => {});
  });
  form.addEventListener("reset", () => {
    window.setTimeout(update, 0);
  });

  const locate = document.getElementById("finder-locate");
  const locateStatus = document.getElementById("finder-locate-status");
  function findMe() {
    if (!("geolocation" in navigator)) {
      locateStatus.textContent = "Your browser cannot tell us where you are, so results are "
        + "not sorted by distance. You can choose a region instead.";
      return;
    }
    locateStatus.textContent = "Finding where you are\u2026";
    navigator.geolocation.getCurrentPosition(
      (found) => {
        position = { lat: found.coords.latitude, lon: found.coords.longitude };
        locateStatus.textContent = "Sorted by distance from where you are now.";
        form.elements.sort.value = "distance";
        update();
      },
      () => {
        locateStatus.textContent = "Your location is not available, so results are not "
          + "sorted by distance. You can choose a region instead.";
      },
      { maximumAge: 600000, timeout: 20000 },
    );
  }
  if (locate) {
    locate.hidden = false;
    locate.addEventListener("click", findMe);
  }
  form.elements.sort.addEventListener("change", () => {
    if (form.elements.sort.value === "distance" && !position) {
      findMe();
    }
  });

  const nojs = document.getElementById("finder-nojs");
  if (nojs) {
    nojs.hidden = true;
  }
  form.hidden = false;
  const initial = new URLSearchParams(window.location.search);
  if ([...initial.keys()].length) {
    // The filters panel stays closed: its summary says how many are chosen, and the
    // results, not the form, are what someone opening a shared link came for.
    restore(initial);
    update();
  }
});
