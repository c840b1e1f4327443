/* The directory's search files, read in the browser: shared by finder.js and compare.js.
 *
 * window.ORDData.open(base) fetches base + "table.json" once and resolves to a Directory:
 *   rows        one object per listing, row.id = its position (the lunr ref, in base 36);
 *               row.services and row.funding are arrays of vocabulary indexes
 *   bySlug      Map slug -> row
 *   table       the file itself (vocab, flags, detail_fields, shard_size)
 *   label(vocab, index), labels(vocab, mask or indexes), mask(vocab, codes),
 *   index(vocab, code)
 *   facts       the wording of every fact, as rehab_directory/site/cards.py words it
 *   pairs(vocab, mask or indexes) -> [[code, label], ...]
 *   details(ids) -> Promise<Map id -> {summary, phone, website, email, rating, rating_date}>
 * The format is documented in rehab_directory/publish/search.py.
 */
(function () {
  "use strict";

  const money = new Intl.NumberFormat("en-GB");
  const longDate = new Intl.DateTimeFormat("en-GB", {
    day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
  });
  const opened = new Map();
  const STALE_TEXT = "may be out of date"; // as cards.STALE_TEXT
  const PAUSED_TEXT = "Not taking new admissions for now"; // as wording.PAUSED_TEXT
  const PAUSED_WHEN_STATED = "Not taking new admissions when last stated"; // as wording's
  const ASK_IF_REOPENED = "ask if they have reopened"; // as wording.ASK_IF_REOPENED
  const REFERRAL_SHORT = { // as cards.REFERRAL_SHORT
    self_referral: "you", keyworker: "a keyworker", local_authority: "the council", gp: "a GP",
    private: "private (you pay)",
  };

  function fetchJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then((response) => {
      if (!response.ok) {
        throw new Error(url + ": HTTP " + response.status);
      }
      return response.json();
    });
  }

  function Directory(base, table) {
    const cols = table.columns;
    const names = Object.keys(cols);
    const rows = [];
    for (let i = 0; i < table.count; i += 1) {
      const row = { id: i };
      for (const name of names) {
        row[name] = cols[name][i];
      }
      // Ordered code lists: "102" -> [1, 0, 2] (indexes into the vocabulary)
      row.services = [...row.services].map((digit) => parseInt(digit, 36));
      row.funding = [...row.funding].map((digit) => parseInt(digit, 36));
      rows.push(row);
    }
    const shards = new Map();
    const dir = {
      table,
      rows,
      bySlug: new Map(rows.map((row) => [row.slug, row])),

      label: (vocab, index) => (index === null || index === undefined || index < 0
        ? "" : table.vocab[vocab][index][1]),
      /* Labels of a bit mask, in vocabulary order, or of a list of indexes, in its order. */
      labels: (vocab, codes) => (Array.isArray(codes)
        ? codes.map((i) => table.vocab[vocab][i][1])
        : table.vocab[vocab].filter((pair, bit) => codes & (1 << bit)).map((pair) => pair[1])),
      /* [code, label] pairs of a bit mask or a list of indexes, as labels() orders them. */
      pairs: (vocab, codes) => (Array.isArray(codes)
        ? codes.map((i) => table.vocab[vocab][i])
        : table.vocab[vocab].filter((pair, bit) => codes & (1 << bit))),
      index: (vocab, code) => table.vocab[vocab].findIndex((pair) => pair[0] === code),
      mask: (vocab, codes) => codes.reduce((mask, code) => {
        const bit = table.vocab[vocab].findIndex((pair) => pair[0] === code);
        return bit < 0 ? mask : mask | (1 << bit);
      }, 0),
      flag: (row, name) => (row.flags & (1 << table.flags.indexOf(name))) !== 0,
      longDate: (iso) => longDate.format(new Date(iso)),

      details(ids) {
        const size = table.shard_size;
        const wanted = [...new Set(ids.map((id) => Math.floor(id / size)))];
        return Promise.all(wanted.map((n) => {
          if (!shards.has(n)) {
            shards.set(n, fetchJSON(base + "details/" + n + ".json").catch(() => {
              shards.delete(n);
              return { first: n * size, rows: [] };
            }));
          }
          return shards.get(n);
        })).then((parts) => {
          const out = new Map();
          for (const part of parts) {
            part.rows.forEach((values, offset) => {
              const item = {};
              table.detail_fields.forEach((field, i) => { item[field] = values[i]; });
              out.set(part.first + offset, item);
            });
          }
          return out;
        });
      },
    };

    dir.facts = {
      place: (r) => r.town + ", " + dir.label("region", r.region),
      services: (r) => dir.labels("service", r.services).join(", "),
      who: (r) => dir.label("gender", r.gender) + ", aged " + r.min_age
        + (r.max_age === null ? " and over" : " to " + r.max_age),
      wait: (r) => {
        if (r.wait_days === null) {
          return "Not stated";
        }
        if (r.wait_days === 0) {
          return "No wait";
        }
        return r.wait_days === 1 ? "1 day" : r.wait_days + " days";
      },
      cost: (r) => {
        if (r.cost_min === null) {
          return "Not stated";
        }
        // Mirrors cards.cost_text: a cost of £0 is "Free".
        const low = r.cost_min === 0 ? "Free" : "£" + money.format(r.cost_min);
        if (r.cost_max === null || r.cost_max === r.cost_min) {
          return r.cost_min === 0 ? "Free" : low + " a week";
        }
        return low + " to £" + money.format(r.cost_max) + " a week";
      },
      funding: (r) => dir.labels("funding", r.funding).join(", "),
      standards: (r) => r.met + " of " + r.standards + " met",
      /* Mirrors wording.admissions_notice: while admissions are paused, "Not taking new
       * admissions for now (expected to reopen 11 January 2027)"; once the build's day is
       * after that date (r.reopen_passed, judged at build time as r.stale is), "Not taking
       * new admissions when last stated (expected to reopen 11 January 2027: ask if they
       * have reopened)"; else "". */
      admissions: (r) => {
        if (r.paused !== 1) {
          return "";
        }
        if (!r.reopens) {
          return PAUSED_TEXT;
        }
        const expected = "expected to reopen " + dir.longDate(r.reopens);
        return r.reopen_passed === 1
          ? PAUSED_WHEN_STATED + " (" + expected + ": " + ASK_IF_REOPENED + ")"
          : PAUSED_TEXT + " (" + expected + ")";
      },
      referral: (r) => dir.labels("referral", r.referral).join(", "),
      /* Mirrors cards.referral_text (REFERRAL_SHORT): who can refer, in a few words. */
      referralShort: (r) => {
        const text = table.vocab.referral.filter((pair, bit) => r.referral & (1 << bit))
          .map((pair) => REFERRAL_SHORT[pair[0]]).join(", ");
        return text.charAt(0).toUpperCase() + text.slice(1);
      },

      /* The service a card speaks for: the first the person filtered for (indexes into
       * vocab.service, `wanted`), else the one with the shortest wait, fresh waits before
       * those that may be out of date (r.stale, judged at build time). Its wait, and the
       * cost of that service when one was filtered for (else the whole range). */
      chosen: (r, wanted) => {
        let j = wanted && wanted.length ? r.services.findIndex((s) => wanted.includes(s)) : -1;
        const filtered = j >= 0;
        if (!filtered) {
          r.waits.forEach((days, i) => {
            if (days !== null && (j < 0 || (r.stale[i] - r.stale[j] || days - r.waits[j]) < 0)) {
              j = i;
            }
          });
        }
        const cost = filtered ? r.costs[j] : null;
        return {
          service: j, filtered,
          days: j >= 0 ? r.waits[j] : null,
          stated: j >= 0 ? r.wait_dates[j] : null,
          stale: j >= 0 && r.stale[j] === 1,
          costMin: filtered ? (cost ? cost[0] : null) : r.cost_min,
          costMax: filtered ? (cost ? cost[1] : null) : r.cost_max,
        };
      },
      /* Mirrors cards.wait_text: "<days text>", "(may be out of date)" added when stale. */
      chosenWait: (c) => dir.facts.wait({ wait_days: c.days })
        + (c.stale ? " (" + STALE_TEXT + ")" : ""),
      chosenCost: (c) => dir.facts.cost({ cost_min: c.costMin, cost_max: c.costMax }),
    };
    return dir;
  }

  window.ORDData = {
    /** A new element with an optional class and text (text is never parsed as HTML). */
    el(tag, className, text) {
      const node = document.createElement(tag);
      if (className) {
        node.className = className;
      }
      if (text !== undefined) {
        node.textContent = text;
      }
      return node;
    },
    /** Glossary links for values, as rehab_directory/site/terms.py marks them on the pages
     * the server writes: `element` carries data-terms ({vocabulary: {code: glossary id}})
     * and data-glossary (the glossary's address). Returns terms(vocab, pairs, sep) -> a
     * fragment of the labels joined by sep, each one the glossary explains a link to it. */
    glossaryLinks(element) {
      let map = {};
      try {
        map = JSON.parse((element && element.dataset.terms) || "{}");
      } catch (err) {
        map = {};
      }
      const url = (element && element.dataset.glossary) || "/glossary/";
      return (vocab, pairs, sep = ", ") => {
        const out = document.createDocumentFragment();
        pairs.forEach(([code, label], i) => {
          if (i) {
            out.append(sep);
          }
          const id = map[vocab] && map[vocab][code];
          if (id) {
            const a = window.ORDData.el("a", "term", label);
            a.href = url + "#" + id;
            out.append(a);
          } else {
            out.append(label);
          }
        });
        return out;
      };
    },
    open(base) {
      if (!opened.has(base)) {
        const promise = fetchJSON(base + "table.json").then((table) => Directory(base, table));
        promise.catch(() => opened.delete(base));
        opened.set(base, promise);
      }
      return opened.get(base);
    },
  };
})();
