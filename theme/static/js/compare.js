/* /compare/: the shortlist, and up to three of its services side by side.
 *
 * The shortlist comes from shortlist.js (localStorage only). The facts come from the search
 * files (table.json, and the detail shards for summary, contact and rating). compare.html
 * serves #compare-app with the empty shortlist showing (hidden without JavaScript by
 * nojs.css); this script shows the filled one at once when there is a shortlist, before the
 * facts arrive, so the page moves as little as it can.
 */
document.addEventListener("DOMContentLoaded", () => {
  "use strict";

  const app = document.getElementById("compare-app");
  const shortlist = window.ORDShortlist;
  if (!app || !shortlist || !window.ORDData) {
    return;
  }
  const MAX = 3;
  const base = app.dataset.search || "/search/";
  const site = app.dataset.site || "";
  const listEl = document.getElementById("shortlist");
  const empty = document.getElementById("compare-empty");
  const filled = document.getElementById("compare-filled");
  const tableWrap = document.getElementById("compare-table");
  const status = document.getElementById("compare-status");
  const languageNames = typeof Intl.DisplayNames === "function"
    ? new Intl.DisplayNames(["en-GB"], { type: "language" }) : null;
  let selected = null; // slugs ticked for comparison, in shortlist order
  let dir = null;

  app.hidden = false;
  const waiting = shortlist.list().length > 0;
  empty.hidden = waiting;
  filled.hidden = !waiting;

  const el = window.ORDData.el;
  const terms = window.ORDData.glossaryLinks(app); // glossary links, as the pages mark them

  function link(href, text) {
    const a = el("a", "", text);
    a.href = href;
    return a;
  }

  function language(code) {
    try {
      return (languageNames && languageNames.of(code)) || code;
    } catch (err) {
      return code;
    }
  }

  /* The rows of the comparison: a heading and how to draw one provider's cell. "Admissions"
   * only when one of the services compared (`rows`) has paused them. */
  function factRows(details, rows) {
    const f = dir.facts;
    const paused = rows.some((row) => f.admissions(row));
    return [
      ["Where", f.place],
      ...(paused ? [["Admissions", (row) => (f.admissions(row)
        ? el("strong", "", f.admissions(row)) : "Taking new admissions")]] : []),
      ["Services", (row) => terms("service", dir.pairs("service", row.services))],
      ["Shortest wait", (row) => f.wait(row) + (row.wait_stated
        ? " (stated " + dir.longDate(row.wait_stated) + ")" : "")],
      ["Cost", f.cost],
      ["Who it is for", (row) => {
        const also = [];
        if (dir.flag(row, "pregnancy")) {
          also.push("accepts people who are pregnant");
        }
        if (dir.flag(row, "parents_with_children")) {
          also.push("children can stay");
        }
        if (dir.flag(row, "couples")) {
          also.push("couples");
        }
        if (dir.flag(row, "pets")) {
          also.push("pets welcome");
        }
        return f.who(row) + (also.length ? "; " + also.join(", ") : "");
      }],
      ["How to get a place", f.referral],
      ["Access", (row) => {
        const parts = [dir.flag(row, "wheelchair") ? "Wheelchair access" : "No wheelchair access"];
        if (dir.flag(row, "step_free")) {
          parts.push("step-free rooms");
        }
        return parts.join(", ");
      }],
      ["Funding", (row) => terms("funding", dir.pairs("funding", row.funding))],
      ["Approach", (row) => {
        const cell = terms("twelve_step", [dir.table.vocab.twelve_step[row.twelve_step]]);
        cell.append(row.faith === null ? ", not faith-based"
          : ", faith-based (" + dir.label("faith", row.faith) + ")");
        const methods = dir.pairs("method", row.methods);
        if (methods.length) {
          cell.append(". Methods: ", terms("method", methods));
        }
        return cell;
      }],
      ["Mental health", (row) => terms("mental_health",
        [dir.table.vocab.mental_health[row.mental_health]])],
      ["Languages", (row) => row.languages.split(" ").map(language).join(", ")],
      ["Inspection rating", (row) => {
        const d = details.get(row.id);
        if (!d || d.rating === null) {
          return "Not stated";
        }
        return dir.label("rating", d.rating)
          + (d.rating_date ? " (report of " + dir.longDate(d.rating_date) + ")" : "");
      }],
      ["Standards", f.standards],
      ["Contact", (row) => {
        const d = details.get(row.id);
        const cell = document.createDocumentFragment();
        if (!d) {
          cell.append(link(site + "/providers/" + row.slug + "/", "See the provider's page"));
          return cell;
        }
        cell.append(link(d.tel, d.phone));
        if (d.website) {
          cell.append(el("br"), link(d.website, "Website"));
        }
        return cell;
      }],
    ];
  }

  function drawShortlist(rows, missing) {
    listEl.replaceChildren();
    const full = selected.length >= MAX;
    for (const row of rows) {
      const li = el("li", "shortlist-item");
      const id = "compare-pick-" + row.slug;
      const box = el("input");
      box.type = "checkbox";
      box.id = id;
      box.checked = selected.includes(row.slug);
      box.disabled = full && !box.checked;
      box.addEventListener("change", () => {
        selected = box.checked ? [...selected, row.slug] : selected.filter((s) => s !== row.slug);
        draw();
        document.getElementById(id).focus();
      });
      const label = el("label", "", "Compare ");
      label.htmlFor = id;
      label.append(el("span", "visually-hidden", row.name));
      const name = el("span", "shortlist-name");
      name.append(link(site + "/providers/" + row.slug + "/", row.name), " ",
        el("span", "shortlist-place", dir.facts.place(row)));
      const paused = dir.facts.admissions(row);
      if (paused) {
        name.append(" ", el("strong", "shortlist-admissions", paused));
      }
      const pick = el("div", "check no-print");
      pick.append(box, label);
      const remove = el("button", "secondary no-print", "Remove");
      remove.type = "button";
      remove.append(el("span", "visually-hidden", " " + row.name + " from your shortlist"));
      remove.addEventListener("click", () => {
        shortlist.remove(row.slug);
        status.textContent = row.name + " removed from your shortlist.";
      });
      li.append(name, pick, remove);
      listEl.append(li);
    }
    for (const slug of missing) {
      const li = el("li", "shortlist-item", "A service that is no longer listed (" + slug + ") ");
      const remove = el("button", "secondary no-print", "Remove it");
      remove.type = "button";
      remove.addEventListener("click", () => shortlist.remove(slug));
      li.append(remove);
      listEl.append(li);
    }
    document.getElementById("compare-limit").textContent = full
      ? "You are comparing " + MAX + " services, the most at a time. Untick one to "
        + "compare another." : "Tick up to " + MAX + " services to compare them side by side.";
  }

  function drawTable(rows) {
    if (!rows.length) {
      tableWrap.replaceChildren(el("p", "", "Tick a service above to see it here."));
      return;
    }
    dir.details(rows.map((r) => r.id)).then((details) => {
      const table = el("table", "compare-table");
      const caption = el("caption", "", "Comparing " + rows.map((r) => r.name).join(", "));
      const head = el("tr");
      head.append(el("td"));
      for (const row of rows) {
        const th = el("th");
        th.scope = "col";
        th.append(link(site + "/providers/" + row.slug + "/", row.name));
        head.append(th);
      }
      const thead = el("thead");
      thead.append(head);
      const tbody = el("tbody");
      for (const [title, cell] of factRows(details, rows)) {
        const tr = el("tr");
        const th = el("th", "", title);
        th.scope = "row";
        tr.append(th);
        for (const row of rows) {
          const td = el("td");
          const value = cell(row);
          td.append(typeof value === "string" ? document.createTextNode(value) : value);
          tr.append(td);
        }
        tbody.append(tr);
      }
      table.append(caption, thead, tbody);
      tableWrap.replaceChildren(table);
    });
  }

  function draw() {
    const slugs = shortlist.list();
    const rows = slugs.filter((s) => dir.bySlug.has(s)).map((s) => dir.bySlug.get(s));
    const missing = slugs.filter((s) => !dir.bySlug.has(s));
    if (selected === null) {
      selected = rows.slice(0, MAX).map((r) => r.slug);
    }
    selected = selected.filter((s) => dir.bySlug.has(s) && slugs.includes(s)).slice(0, MAX);
    empty.hidden = slugs.length > 0;
    filled.hidden = slugs.length === 0;
    drawShortlist(rows, missing);
    drawTable(selected.map((s) => dir.bySlug.get(s)));
  }

  document.getElementById("compare-clear").addEventListener("click", () => {
    shortlist.clear();
    status.textContent = "Your shortlist is now empty.";
    empty.querySelector("h2").focus();
  });
  document.getElementById("compare-print").addEventListener("click", () => window.print());

  /* The facts are fetched only when there is something to compare: an empty shortlist
   * (the page as served) needs none, until another tab adds to it. */
  function start() {
    window.ORDData.open(base).then((directory) => {
      dir = directory;
      draw();
      shortlist.onChange(draw);
    }, () => {
      status.textContent = "Your shortlist could not be loaded. Please try again later.";
    });
  }
  if (shortlist.list().length) {
    start();
  } else {
    let started = false;
    shortlist.onChange((list) => {
      if (list.length && !started) {
        started = true;
        start();
      }
    });
  }
});
