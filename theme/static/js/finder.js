/* Finder: search as you type, combinable filters, sorting and distance, on the home page.
 *
 * Progressive enhancement: _finder.html serves the form with the `hidden` attribute, because
 * without JavaScript there is nothing to answer it (a static site has no server search);
 * no-JS visitors get the server-rendered browse links in #results instead. This script
 * un-hides the form and takes over #results.
 *
 * The search files (see rehab_directory/publish/search.py) are fetched lazily: on the first focus of,
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
  let understood = null; // what the search box says, once worked out (understand())
  let gazetteer = { places: null, postcodes: null }; // places.js, once fetched

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
  function searchWords(text) {
    const folded = text.normalize("NFKD").replace(/\p{M}/gu, ""); // as search.py
    return lunr.tokenizer(folded)
      .map((token) => token.toString().toLowerCase())
      .filter((word) => word && lunr.stopWordFilter(word));
  }

  function searchScores(words) {
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

  // ------------------------------------------------------------------ what was typed

  /* The search box is read in two steps. understand(text, null) needs no gazetteer: it
   * finds the synonyms (content/search-synonyms.yaml, in table.json), "near"/"in" and
   * anything shaped like a postcode, and says whether the text may name a place (a word
   * the index does not know, or knows as a place); only then are the gazetteer files
   * fetched (places.js), and understand(text, gazetteer) finishes the job. */
  const CONNECTORS = new Set(["near", "in", "around", "nr", "at"]);
  let synonymMap = null;
  let synonymLongest = 1;

  function synonyms() {
    if (synonymMap === null) {
      synonymMap = new Map();
      for (const entry of data.table.synonyms) {
        for (const phrase of entry.words) {
          synonymMap.set(phrase, entry);
          synonymLongest = Math.max(synonymLongest, phrase.split(" ").length);
        }
      }
    }
    return synonymMap;
  }

  /* A word the index holds only in names or service and substance labels is not a place. */
  function mayBePlace(word) {
    if (word.length < 2 || /^[0-9]+$/.test(word) || !lunr.stopWordFilter(word)) {
      return false;
    }
    const entry = searchIndex.invertedIndex[word];
    // lunr keeps every field in each entry, with no postings where the word is not in it
    return !entry || Object.keys(entry.place || {}).length > 0;
  }

  /* Postcode-shaped tokens: one ("ls62ab", "ls6"), or a district and its inward code
   * ("ls6 2ab"); a lone area ("ls") only when it is all that was typed. */
  function findPostcode(tokens, alone) {
    for (let i = 0; i < tokens.length; i += 1) {
      if (i + 1 < tokens.length) {
        const pair = ORDPlaces.postcode(tokens[i] + tokens[i + 1]);
        if (pair && pair.kind === "postcode") {
          return { at: i, length: 2, parsed: pair };
        }
      }
      const one = ORDPlaces.postcode(tokens[i]);
      if (one && (one.kind !== "area" || (alone && tokens.length === 1))) {
        return { at: i, length: 1, parsed: one };
      }
    }
    return null;
  }

  function locatePostcode(parsed, gaz) {
    const found = gaz.postcodes && gaz.postcodes.locate(parsed);
    if (!found) {
      return null;
    }
    let note = "";
    if (!found.exact) {
      note = "Distances are from the middle of the " + found.area.code + " postcode area ("
        + found.area.name + "): this site does not have the centres of postcode districts.";
    }
    return { label: found.label, lat: found.lat, lon: found.lon, note };
  }

  function lookUp(text, gaz) {
    const parsed = ORDPlaces.postcode(text);
    if (parsed) {
      return locatePostcode(parsed, gaz);
    }
    const k = ORDPlaces.key(text);
    const found = gaz.places ? gaz.places.find(k) : [];
    if (!found.length) {
      return null;
    }
    // found is largest first, whether by a place's own name or another (places.js)
    const best = found[0];
    const others = found.slice(1).map((p) => p.label).filter((l) => l !== best.label);
    return { label: best.label, lat: best.lat, lon: best.lon,
      note: others.length ? "There is more than one place called " + gaz.places.called(k)
        + ": distances are from " + best.label + ", the largest." : "" };
  }

  /* What to say of a place or postcode that is not in the gazetteer: outside the UK (the
   * Isle of Man, Jersey, Guernsey), a postcode area this site does not know, or a name,
   * with the closest names it knows. */
  function notFound(text, gaz) {
    const parsed = ORDPlaces.postcode(text.replace(/\s+/g, ""));
    if (parsed) {
      return { text: parsed.text, area: parsed.area, suggestions: [],
        outside: gaz.postcodes ? gaz.postcodes.outside(parsed.area) : "" };
    }
    const k = ORDPlaces.key(text);
    const outside = gaz.places ? gaz.places.outside(k) : "";
    return { text, area: "", outside,
      suggestions: gaz.places && !outside ? gaz.places.suggest(k, 5) : [] };
  }

  function understand(text, gaz) {
    const out = {
      words: [], filters: [], means: [], nearMe: false, place: null, unknown: null,
      needs: { places: false, postcodes: false },
    };
    let tokens = ORDPlaces.key(text).split(" ").filter(Boolean);
    const table = synonyms();
    const useSynonym = (entry) => {
      if (entry.place === "me") {
        out.nearMe = true; // explain() says what to do, or measures from the person
        return;
      }
      for (const [name, values] of Object.entries(entry.filters)) {
        values.forEach((value) => out.filters.push([name, value]));
      }
      if (!out.means.includes(entry.means)) {
        out.means.push(entry.means);
      }
    };
    // "near X", "in X": X is a place (or, as a synonym, "me")
    let at = -1;
    tokens.forEach((token, i) => {
      if (CONNECTORS.has(token) && i < tokens.length - 1) {
        at = i;
      }
    });
    if (at >= 0) {
      const after = tokens.slice(at + 1);
      const placeText = after.join(" ");
      const asSynonym = table.get(tokens[at] + " " + placeText) || table.get(placeText);
      let rest = [];
      if (asSynonym && asSynonym.place === "me") {
        useSynonym(asSynonym);
      } else {
        // The place is the longest run of words after "near" that names one; any words
        // after it ("near Leeds for women") are read like the others.
        let found = 0;
        for (let n = after.length; n >= 1 && !found; n -= 1) {
          const parsed = ORDPlaces.postcode(after.slice(0, n).join(""));
          if (parsed) {
            out.needs.postcodes = true;
          } else {
            out.needs.places = true;
          }
          const located = !gaz ? null : parsed ? locatePostcode(parsed, gaz)
            : lookUp(after.slice(0, n).join(" "), gaz);
          if (located) {
            out.place = located;
            found = n;
          }
        }
        if (found) {
          rest = after.slice(found);
        } else if (gaz) {
          out.unknown = notFound(placeText, gaz);
        }
      }
      tokens = [...tokens.slice(0, at), ...rest];
    } else {
      const code = findPostcode(tokens, true);
      if (code) {
        out.needs.postcodes = true;
        const located = gaz ? locatePostcode(code.parsed, gaz) : null;
        if (gaz && !located) { // an area this site does not know: say so, search the rest
          out.unknown = notFound(code.parsed.text, gaz);
        }
        out.place = located;
        tokens = tokens.filter((_, i) => i < code.at || i >= code.at + code.length);
      }
      if (gaz && gaz.places) {
        // The longest run of words that names a place; a lone word that is a synonym
        // ("church") or that the index knows only as a name or label stays a word. With a
        // postcode typed too ("Sheffield S1"), the postcode places the search and the
        // town's name is dropped rather than searched for.
        let done = false;
        for (let n = Math.min(4, tokens.length); n >= 1 && !done; n -= 1) {
          for (let i = 0; i + n <= tokens.length && !done; i += 1) {
            const span = tokens.slice(i, i + n);
            if (n === 1 && (table.has(span[0]) || !mayBePlace(span[0]))) {
              continue;
            }
            const found = lookUp(span.join(" "), gaz);
            const away = !found && gaz.places.outside(span.join(" "));
            if ((found || away) && !ORDPlaces.postcode(span.join(""))) {
              out.place = out.place || found;
              out.unknown = away && !out.place ? notFound(span.join(" "), gaz) : out.unknown;
              tokens = [...tokens.slice(0, i), ...tokens.slice(i + n)];
              done = true;
            }
          }
        }
      }
    }
    // "<word> of <word>" ("Isle of Man") is one name, not words to read as synonyms
    // ("man"), unless a synonym is the whole phrase ("free of charge"). Once the gazetteer
    // is here and the name is no place in it (the longest place names were tried above),
    // it is a place we do not know if its words match no service ("House of Hope" does).
    const kept = [];
    for (let i = 1; i + 1 < tokens.length; i += 1) {
      if (tokens[i] !== "of") {
        continue;
      }
      let covered = false; // by a synonym phrase of tokens j..end-1
      for (let j = Math.max(0, i - synonymLongest); j < i && !covered; j += 1) {
        for (let end = i + 2; end <= Math.min(tokens.length, j + synonymLongest); end += 1) {
          covered = covered || table.has(tokens.slice(j, end).join(" "));
        }
      }
      if (covered) {
        continue;
      }
      const phrase = tokens.slice(i - 1, i + 2);
      const words = searchWords(phrase.join(" "));
      out.needs.places = true;
      if (gaz && !out.place && !out.unknown && !(searchScores(words) || new Map()).size) {
        out.unknown = notFound(phrase.join(" "), gaz);
      } else {
        kept.push(...words);
      }
      tokens = [...tokens.slice(0, i - 1), ...tokens.slice(i + 2)];
      i -= 1;
    }
    // synonyms, the longest phrase first
    const rest = [];
    for (let i = 0; i < tokens.length;) {
      let taken = 0;
      for (let n = Math.min(synonymLongest, tokens.length - i); n >= 1 && !taken; n -= 1) {
        const entry = table.get(tokens.slice(i, i + n).join(" "));
        if (entry) {
          useSynonym(entry);
          taken = n;
        }
      }
      if (taken) {
        i += taken;
      } else {
        rest.push(tokens[i]);
        i += 1;
      }
    }
    out.words = [...searchWords(rest.join(" ")), ...kept];
    if (!out.place && at < 0 && out.words.some(mayBePlace)) {
      out.needs.places = true;
    }
    return out;
  }

  /* The form's choices and the synonyms' together; the form wins where a filter takes
   * one value. */
  function criteria(params, found) {
    const all = new URLSearchParams(params);
    for (const [name, value] of found ? found.filters : []) {
      const single = ["gender", "mh", "twelve", "faith"].includes(name);
      if (single ? !all.has(name) : !all.getAll(name).includes(value)) {
        all.append(name, value);
      }
    }
    return all;
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
    const wanted = services;
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
    const referral = vocabMask("referral", params.getAll("referral"));
    if (referral) {
      tests.push((r) => (r.referral & referral) !== 0); // any way you can be referred
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
    } else if (faith) {
      const index = vocabIndex("faith", faith);
      tests.push((r) => r.faith === index);
    }
    // The wait and cost are those of the service filtered for (facts.chosen)
    const cost = number(params, "cost");
    if (cost !== null) {
      tests.push((r) => {
        const low = data.facts.chosen(r, wanted).costMin;
        return low !== null && low <= cost;
      });
    }
    const wait = number(params, "wait");
    if (wait !== null) {
      tests.push((r) => {
        const days = data.facts.chosen(r, wanted).days;
        return days !== null && days <= wait;
      });
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

  /* Where distances are measured from: a place typed (it wins), else the person's own
   * position once they have pressed the button. */
  function origin() {
    if (understood && understood.place) {
      return understood.place;
    }
    return position ? { label: "you", lat: position.lat, lon: position.lon, note: "" } : null;
  }

  function nullsLast(a, b) {
    if (a === null || b === null) {
      return a === b ? 0 : a === null ? 1 : -1;
    }
    return a - b;
  }

  function results(params) {
    const words = understood ? understood.words : [];
    const scores = words.length ? searchScores(words) : null;
    const tests = predicates(params);
    const pool = scores === null ? data.rows : [...scores.keys()].map((id) => data.rows[id]);
    const from = origin();
    data.rows.forEach((row) => {
      row.distance = from ? ORDPlaces.miles(from, row) : undefined;
    });
    const within = number(params, "within");
    if (from && within !== null) {
      tests.push((row) => row.distance <= within);
    }
    const found = pool.filter((row) => tests.every((test) => test(row)));
    const byName = (a, b) => a.name.localeCompare(b.name, "en-GB") || a.id - b.id;
    // Ties (the same distance, relevance, wait or cost) put services taking new admissions
    // before those that have paused them, then go by name. Paused services stay in the
    // results, their cards saying so; only "sort by name" is purely alphabetical.
    const tie = (a, b) => a.paused - b.paused || byName(a, b);
    const wanted = params.getAll("service").map((code) => vocabIndex("service", code));
    let sort = params.get("sort") || "relevance";
    if (sort === "relevance" && from) {
      sort = "distance"; // a place typed, or "near me" located: nearest first
    }
    if (sort === "distance" && from) {
      found.sort((a, b) => a.distance - b.distance || tie(a, b));
    } else if (sort === "wait") {
      // fresh waits first, shortest first; then waits that may be out of date; then none.
      // A paused service's wait is not one a person can start on: it comes after the waits.
      const rank = (row) => {
        const c = data.facts.chosen(row, wanted);
        if (row.paused === 1) {
          return [2, c.days === null ? Infinity : c.days];
        }
        return c.days === null ? [3, 0] : [c.stale ? 1 : 0, c.days];
      };
      found.sort((a, b) => {
        const x = rank(a);
        const y = rank(b);
        return x[0] - y[0] || x[1] - y[1] || tie(a, b);
      });
    } else if (sort === "cost") {
      found.sort((a, b) => nullsLast(data.facts.chosen(a, wanted).costMin,
        data.facts.chosen(b, wanted).costMin) || tie(a, b));
    } else if (sort === "relevance" && scores !== null) {
      found.sort((a, b) => scores.get(b.id) - scores.get(a.id) || tie(a, b));
    } else if (sort === "name") {
      found.sort(byName);
    } else {
      found.sort(tie); // nothing typed: every result is as relevant as the next
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
    const from = origin();
    if (from && row.distance !== undefined) {
      const m = Math.round(row.distance);
      li.append(el("p", "card-distance", (m < 1 ? "Less than 1 mile"
        : "About " + m + (m === 1 ? " mile" : " miles")) + " from " + from.label));
    }
    const paused = data.facts.admissions(row);
    if (paused) { // as _result_card.html
      const mark = el("p", "card-admissions");
      mark.append(el("strong", "", paused));
      li.append(mark);
    }
    const chosen = data.facts.chosen(row, wanted);
    // The service filtered for: its wait and cost in one row, named by the service
    const service = chosen.filtered ? data.label("service", row.services[chosen.service]) : "";
    li.append(el("p", "card-summary"));
    const dl = el("dl", "card-facts");
    const facts = data.facts;
    const rows = [
      ["Services", (r) => terms("service", data.pairs("service", r.services))],
      ["For", facts.who],
      ...(service ? [[service, () => "Wait: " + facts.chosenWait(chosen) + ". Cost: "
        + facts.chosenCost(chosen) + "."]]
        : [["Wait", () => facts.chosenWait(chosen)], ["Cost", () => facts.chosenCost(chosen)]]),
      ["Referral by", facts.referralShort],
      ["Funding", (r) => terms("funding", data.pairs("funding", r.funding))],
      ["Standards", facts.standards]];
    for (const [name, fact] of rows) {
      // as _result_card.html: a phone shows the essentials, these on the provider page
      const div = el("div", ["Funding", "Standards"].includes(name) ? "card-more"
        : name === service ? "card-chosen" : "");
      const dd = el("dd");
      dd.append(fact(row)); // text, or a fragment with glossary links
      div.append(el("dt", "", name), dd);
      dl.append(div);
    }
    li.append(dl);
    if (chosen.stale) {
      li.classList.add("card-stale");
    }
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

  /* The filters' panel ends with "Show N results": it closes the panel, for the results. */
  const show = form.querySelector(".finder-show");
  const panel = form.querySelector(".finder-filters");
  if (show && panel) {
    show.addEventListener("click", () => {
      panel.open = false;
      heading.tabIndex = -1;
      heading.focus();
    });
  }

  function draw() {
    const page = current.slice(0, shown);
    list.replaceChildren(...page.map(card));
    fillSummaries(page);
    const rest = current.length - page.length;
    more.hidden = rest <= 0;
    more.textContent = "Show " + Math.min(PAGE, rest) + " more results (" + page.length
      + " of " + current.length + " shown)";
  }

  let wanted = []; // the services filtered for, as vocabulary indexes (cards show theirs)

  /* Says what the search was understood to ask, and any place it could not find. */
  function explain(params, n) {
    const note = document.getElementById("finder-understood");
    if (!note) {
      return "";
    }
    note.replaceChildren();
    const parts = [];
    const from = origin();
    if (understood && understood.means.length) {
      parts.push("Showing services " + understood.means.join(", ") + ".");
    }
    if (from) {
      parts.push("Nearest first, from " + from.label + "." + (from.note ? " " + from.note : ""));
    }
    if (understood && understood.nearMe && !from) {
      parts.push("To see services near you, press \u201cUse my location\u201d (it stays in "
        + "your browser), or type a town or postcode.");
    }
    if (params.get("sort") === "distance" && !from) {
      parts.push("Not sorted by distance: type a town or postcode, or press \u201cUse my "
        + "location\u201d.");
    }
    if (params.get("within") && !from) {
      parts.push("The distance limit needs a place: type a town or postcode.");
    }
    if (parts.length) {
      note.append(el("span", "", parts.join(" ") + " "));
    }
    const unknown = understood && understood.unknown;
    if (unknown) {
      let said = "We could not find a place called \u201c" + unknown.text + "\u201d.";
      if (unknown.outside) {
        const where = unknown.area ? unknown.text + " is in " + unknown.outside + ", which is"
          : unknown.outside.charAt(0).toUpperCase() + unknown.outside.slice(1) + " is";
        said = where + " not part of the UK: this directory lists services in the UK only, so "
          + "these are not sorted by distance.";
      } else if (unknown.area) {
        said = "We could not find the postcode area \u201c" + unknown.area + "\u201d (of "
          + unknown.text + "): check the letters at its start, or type a town.";
      }
      note.append(el("span", "finder-unknown", said));
      if (unknown.suggestions.length) {
        note.append(" Did you mean ");
        unknown.suggestions.forEach((name, i) => {
          const button = el("button", "link-button", name);
          button.type = "button";
          button.addEventListener("click", () => {
            form.elements.q.value = "near " + name;
            update();
          });
          note.append(button, i < unknown.suggestions.length - 2 ? ", "
            : i === unknown.suggestions.length - 2 ? " or " : "?");
        });
      }
    } else if (n === 0 && understood && understood.words.length && !from
      && gazetteer.places && understood.needs.places) {
      const typed = understood.words.join(" ");
      const close = gazetteer.places.suggest(ORDPlaces.key(typed), 5);
      note.append(el("span", "finder-unknown", "No service or place called \u201c" + typed
        + "\u201d." + (close.length ? " Places with a similar name: " + close.join(", ")
          + "." : "")));
    }
    note.hidden = note.textContent.trim() === "";
    return note.textContent.trim();
  }

  function render() {
    const params = state();
    const query = params.toString();
    const url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(null, "", url);
    list.dataset.query = query; // what is on screen (tests wait for it)
    document.body.classList.toggle("finder-active", isFiltering(params)); // finder.css
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
    const asked = criteria(params, understood);
    wanted = asked.getAll("service").map((code) => data.index("service", code));
    current = results(asked);
    shown = PAGE;
    const n = current.length;
    const words = n === 1 ? "1 service matches" : n + " services match";
    heading.textContent = n === 0 ? "No services match" : words + " your search";
    if (show) {
      show.textContent = n === 0 ? "Show the results (none match)"
        : "Show " + (n === 1 ? "1 result" : n + " results");
    }
    draw();
    let message = heading.textContent + ". " + explain(params, n);
    if (n === 0) {
      message += " Try removing a filter or checking the spelling.";
    }
    announce(message);
  }

  /* Work out what the search box says, fetching the gazetteer files only if it may name
   * a place or a postcode. */
  function understandQuery() {
    const text = (form.elements.q.value || "").trim();
    if (!text) {
      understood = null;
      return Promise.resolve();
    }
    const first = understand(text, null);
    const wants = [];
    if (first.needs.places && !gazetteer.places) {
      wants.push(ORDPlaces.places(base).then((p) => { gazetteer.places = p; }));
    }
    if (first.needs.postcodes && !gazetteer.postcodes) {
      wants.push(ORDPlaces.postcodes(base).then((p) => { gazetteer.postcodes = p; }));
    }
    if (!first.needs.places && !first.needs.postcodes) {
      understood = first;
      return Promise.resolve();
    }
    return Promise.all(wants).then(() => {
      if ((form.elements.q.value || "").trim() === text) {
        understood = understand(text, gazetteer);
      }
    }, () => {
      understood = first;
      announce("The list of places could not load, so results are not sorted by distance.");
    });
  }

  /* "near ..." or a postcode-shaped word needs the gazetteer whatever the index says:
   * fetch it alongside the search files rather than after them (places.js keeps one
   * download of each). */
  function prefetchPlaces() {
    const tokens = ORDPlaces.key(form.elements.q.value || "").split(" ").filter(Boolean);
    const at = tokens.findIndex((t, i) => CONNECTORS.has(t) && i < tokens.length - 1);
    if (at >= 0 && !["me", "here", "you"].includes(tokens[at + 1])) {
      ORDPlaces.places(base).catch(() => {});
    }
    if (tokens.some((t, i) => /[0-9]/.test(t)
      && (ORDPlaces.postcode(t) || ORDPlaces.postcode(t + (tokens[i + 1] || ""))))) {
      ORDPlaces.postcodes(base).catch(() => {});
    }
  }

  function update() {
    prefetchPlaces();
    // a failed load has been announced already
    load().then(understandQuery).then(render, () => {});
  }

  // ------------------------------------------------------------------ wiring

  let typing = 0;
  form.addEventListener("input", (event) => {
    window.clearTimeout(typing);
    // A short pause in typing (100 ms) before searching: a place or a phrase is longer to
    // type than a word, and each pause costs the person that long.
    typing = window.setTimeout(update, event.target.type === "search" ? 100 : 0);
    if (event.target.type === "search") {
      prefetchPlaces(); // as soon as "near ..." is typed, not after the pause
    }
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

  /* Shared devices: a search is kept in the address only while its page is open. When the
   * person moves on, the address of this entry in the tab's history loses it and the
   * search is kept in sessionStorage (this tab only) instead, so Back still shows it; the
   * quick exit (quick-exit.js) clears that storage, so after it Back shows the plain page. */
  const SAVED = "ord-finder";
  function saved() {
    try {
      return window.sessionStorage.getItem(SAVED);
    } catch (err) {
      return null;
    }
  }
  window.addEventListener("pagehide", () => {
    if (window.ORDLeaving) {
      return; // the quick exit: keep nothing
    }
    const query = state().toString();
    try {
      if (query) {
        window.sessionStorage.setItem(SAVED, query);
      } else {
        window.sessionStorage.removeItem(SAVED);
      }
    } catch (err) {
      return; // storage refused: the address keeps the search, as before
    }
    if (query) {
      window.history.replaceState(null, "", window.location.pathname);
    }
  });
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) {
      return;
    }
    // Back to this page as it was left (the back/forward cache)
    const query = saved();
    if (query === null) {
      form.reset(); // the quick exit cleared the search: show none
    } else {
      restore(new URLSearchParams(query));
    }
    update();
  });

  const navigation = (window.performance && performance.getEntriesByType
    && performance.getEntriesByType("navigation")[0]) || {};
  let initial = new URLSearchParams(window.location.search);
  if (![...initial.keys()].length && ["back_forward", "reload"].includes(navigation.type)) {
    initial = new URLSearchParams(saved() || "");
  }
  if ([...initial.keys()].length) {
    // The filters panel stays closed: its summary says how many are chosen, and the
    // results, not the form, are what someone opening a shared link came for.
    restore(initial);
    update();
  }
});
