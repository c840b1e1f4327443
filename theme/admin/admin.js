// The listing editor at /admin/: Decap CMS with the directory's own rules.
//
// 1. A file format ("listing-yaml") that edits a listing in place. Decap's own YAML format
//    writes the whole file anew: comments go, `{days: 14, stated: ...}` becomes four lines,
//    long lines are folded. This one keeps the file Decap read, and changes only the values
//    the person changed, with the `yaml` library's document model (comments, order, quoting
//    and inline groups kept), so the pull request's diff is the edit and nothing else.
//    It reads scalars as the directory's validator does (rehab_directory/core/yamlio.py): only
//    plain decimal numbers are numbers and only true/false are yes/no, so "0113 496 0871",
//    "01134960871" and "NO" stay text.
// 2. Before saving, a group that was started but not finished (an organisation with no name)
//    is refused with a message: the configuration marks those fields `group_required`.
// 3. Only JPEG, PNG and WebP pictures can be chosen. Decap itself re-encodes them in the
//    browser (media_processing.strip_metadata in config.yml), so the GPS position and camera
//    details never reach the repository; other kinds of file could not be cleaned that way.
//
// The configuration is generated from the listing model (rehab_directory/site/cms.py).

// A classic script (loaded with defer, in order, after Decap CMS), which imports the yaml
// library's browser build as a module.
(async () => {
  "use strict";
  const YAML = await import("./vendor/yaml/index.js");
  const { isMap, isSeq, isScalar, Scalar } = YAML;
  const SOURCE = "__listing_source__"; // the file as read, carried with the entry's data
  const PICTURES = new Set(["image/jpeg", "image/png", "image/webp"]);
  const INT = /^[-+]?(?:0|[1-9][0-9]*)$/;
  const FLOAT = /^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$/;
  const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
  const NUMBERISH = /^\+?[0-9][0-9 ()+-]*$/; // "0113 496 0871", "1-123456789"
  const WRITE = { lineWidth: 0, flowCollectionPadding: false, blockQuote: "literal",
    indentSeq: true };
  const NEW_FILE_HEADER = " yaml-language-server: $schema=../../schema/listing.schema.json";

  // The validator's scalars: YAML 1.2's core schema without octal, hex, exponents or .inf.
  function customTags(tags) {
    const keep = tags.filter((t) => ["tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
      "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool"]
      .includes(t.tag));
    const int = tags.find((t) => t.tag === "tag:yaml.org,2002:int" && !t.format);
    const float = tags.find((t) => t.tag === "tag:yaml.org,2002:float" && !t.format
      && String(t.test).includes("0-9"));
    return [...keep, { ...int, test: INT }, { ...float, test: FLOAT }];
  }

  const READ = { customTags, keepSourceTokens: false };

  function parse(text) {
    const doc = YAML.parseDocument(text, READ);
    if (doc.errors.length) throw new Error(`The listing is not valid YAML: ${doc.errors[0].message}`);
    return doc;
  }

  // ------------------------------------------------------------------ values

  const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

  function isEmpty(v) {
    return v === undefined || v === null || v === "" ||
      (isPlainObject(v) && Object.values(v).every(isEmpty));
  }

  // Decap's data without what it adds for an empty widget ("", null, {} of empties).
  function clean(v) {
    if (Array.isArray(v)) return v.map(clean);
    if (isPlainObject(v)) {
      const out = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === SOURCE) continue;
        const c = clean(x);
        if (!isEmpty(c)) out[k] = c;
      }
      return out;
    }
    return typeof v === "string" ? v.replace(/\r\n/g, "\n") : v;
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  // ------------------------------------------------------------------ field order

  // The order of each group's fields, by path ("services.wait" -> ["days", "stated"]).
  function fieldOrders(fields, prefix = "", out = new Map()) {
    out.set(prefix, fields.map((f) => f.name));
    for (const f of fields) {
      if (f.fields) fieldOrders(f.fields, prefix ? `${prefix}.${f.name}` : f.name, out);
    }
    return out;
  }

  function orderOf(orders, path) {
    return orders.get(path.filter((p) => typeof p === "string").join(".")) || [];
  }

  // ------------------------------------------------------------------ new nodes

  // A text of digits (a phone number, an ID) is quoted, as CONTRIBUTING.md asks; so is one
  // the validator would not read as text.
  function scalar(doc, value) {
    const node = doc.createNode(value);
    if (typeof value === "string") {
      if ((NUMBERISH.test(value) && !ISO_DAY.test(value)) || INT.test(value) ||
          FLOAT.test(value) || /^(true|false|null|~)$/i.test(value)) {
        node.type = Scalar.QUOTE_DOUBLE;
      } else if (value.includes("\n")) {
        node.type = Scalar.BLOCK_LITERAL;
      }
    }
    return node;
  }

  // New values in the house style: lists of plain values inline, small groups of plain values
  // inline below the top level (`wait: {days: 14, stated: 2026-11-30}`), the rest as blocks.
  function node(doc, value, depth, orders, path) {
    if (Array.isArray(value)) {
      const seq = doc.createNode([]);
      const plain = value.every((v) => !isPlainObject(v) && !Array.isArray(v));
      seq.flow = plain;
      value.forEach((v, i) => seq.items.push(node(doc, v, depth + 1, orders, [...path, i])));
      return seq;
    }
    if (isPlainObject(value)) {
      const map = doc.createNode({});
      const order = orderOf(orders, path);
      const keys = Object.keys(value).sort((a, b) => rank(order, a) - rank(order, b));
      for (const k of keys) map.add(doc.createPair(k, node(doc, value[k], depth + 1, orders,
        [...path, k])));
      const small = keys.length <= 3 && keys.every((k) => !isPlainObject(value[k]) &&
        !Array.isArray(value[k]) && String(value[k]).length <= 40);
      map.flow = depth >= 2 && small;
      return map;
    }
    return scalar(doc, value);
  }

  function rank(order, key) {
    const i = order.indexOf(key);
    return i < 0 ? order.length : i;
  }

  // ------------------------------------------------------------------ editing in place

  function insertKey(doc, map, key, value, depth, orders, path) {
    const order = orderOf(orders, path);
    const pair = doc.createPair(key, node(doc, value, depth + 1, orders, [...path, key]));
    let at = map.items.length;
    for (let i = 0; i < map.items.length; i++) {
      if (rank(order, String(map.items[i].key)) > rank(order, key)) { at = i; break; }
    }
    map.items.splice(at, 0, pair);
  }

  function setScalar(doc, parent, key, oldNode, value) {
    if (isScalar(oldNode) && !isPlainObject(value) && !Array.isArray(value)) {
      const fresh = scalar(doc, value);
      // keep the old quoting where it still reads back the same
      if (typeof value !== "string" || oldNode.type === Scalar.QUOTE_DOUBLE ||
          oldNode.type === Scalar.QUOTE_SINGLE || fresh.type === Scalar.PLAIN) {
        oldNode.value = value;
        if (fresh.type === Scalar.BLOCK_LITERAL) oldNode.type = fresh.type;
        return;
      }
      oldNode.value = value;
      oldNode.type = fresh.type;
      return;
    }
    parent.set(key, value);
  }

  function patch(doc, container, before, after, depth, orders, path) {
    if (isMap(container) && isPlainObject(before) && isPlainObject(after)) {
      for (const key of Object.keys(after)) {
        if (!(key in before)) {
          insertKey(doc, container, key, after[key], depth, orders, path);
        } else if (!same(before[key], after[key])) {
          const child = container.get(key, true);
          if ((isMap(child) || isSeq(child)) && (isPlainObject(after[key]) ||
              Array.isArray(after[key]))) {
            patch(doc, child, before[key], after[key], depth + 1, orders, [...path, key]);
          } else if (isScalar(child)) {
            setScalar(doc, container, key, child, after[key]);
          } else {
            container.set(key, node(doc, after[key], depth + 1, orders, [...path, key]));
          }
        }
      }
      for (const key of Object.keys(before)) {
        if (!(key in after) && !isEmpty(before[key])) container.delete(key);
      }
      return;
    }
    if (isSeq(container) && Array.isArray(before) && Array.isArray(after)) {
      const groups = after.some(isPlainObject) || before.some(isPlainObject);
      if (!groups) { // a list of plain values: replaced whole, in its own style
        const fresh = node(doc, after, depth, orders, path);
        fresh.flow = container.flow;
        container.items = fresh.items;
        return;
      }
      if (!before.length) container.flow = false; // a list of groups begun: as a block
      const common = Math.min(before.length, after.length);
      for (let i = 0; i < common; i++) {
        if (same(before[i], after[i])) continue;
        const child = container.get(i, true);
        if (isMap(child) && isPlainObject(after[i]) && isPlainObject(before[i])) {
          patch(doc, child, before[i], after[i], depth + 1, orders, [...path, i]);
        } else {
          container.set(i, node(doc, after[i], depth + 1, orders, [...path, i]));
        }
      }
      for (let i = common; i < after.length; i++) {
        container.items.push(node(doc, after[i], depth + 1, orders, [...path, i]));
      }
      container.items.splice(after.length);
    }
  }

  function listingFormat(orders) {
    return {
      fromFile(content) {
        const data = parse(content).toJS() || {};
        data[SOURCE] = content;
        return data;
      },
      toFile(data) {
        const source = data[SOURCE];
        const after = clean(data);
        if (typeof source === "string") {
          const doc = parse(source);
          const before = doc.toJS() || {};
          patch(doc, doc.contents, before, after, 0, orders, []);
          const text = doc.toString(WRITE);
          return source.includes("\r\n") ? text.replace(/\n/g, "\r\n") : text;
        }
        const doc = new YAML.Document(null, READ);
        doc.contents = node(doc, after, 0, orders, []);
        doc.commentBefore = NEW_FILE_HEADER;
        return doc.toString(WRITE).replace(/^(#[^\n]*\n)\n/, "$1");
      },
    };
  }

  // ------------------------------------------------------------------ unfinished groups

  function missingInGroups(fields, data, where, out) {
    for (const f of fields) {
      const value = data ? data[f.name] : undefined;
      const label = where ? `${where} › ${f.label}` : f.label;
      if (f.fields && f.widget === "object" && isPlainObject(value)) {
        if (!isEmpty(clean(value))) {
          for (const sub of f.fields) {
            if (sub.group_required && isEmpty(clean(value[sub.name]))) {
              out.push(`${label}: fill in ${sub.label}, or empty the whole group`);
            }
          }
        }
        missingInGroups(f.fields, value, label, out);
      } else if (f.fields && f.widget === "list" && Array.isArray(value)) {
        value.forEach((item, i) => missingInGroups(f.fields, item, `${label} ${i + 1}`, out));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ pictures

  function refuseUncleanablePictures(event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.files) return;
    const bad = [...input.files].filter((f) => !PICTURES.has(f.type));
    if (!bad.length) return;
    event.stopImmediatePropagation();
    input.value = "";
    window.alert(`${bad.map((f) => f.name).join(", ")}: choose a JPEG, PNG or WebP photo. ` +
      "Other kinds of file cannot have their location data removed here.");
  }

  // ------------------------------------------------------------------ yes, no or unsaid

  // A yes/no the listing may leave unsaid (policies.strip_search): a switch would say "no"
  // (or "yes") for someone who never touched it, so it is two choices and no default.
  function yesNoWidget() {
    const { h, createClass } = window;
    return createClass({
      render() {
        const { value, onChange, forID, classNameWrapper } = this.props;
        const choice = (text, v) => h("label", { className: "admin-choice" },
          h("input", { type: "radio", name: forID, checked: value === v,
            onChange: () => onChange(v) }), ` ${text}`);
        return h("div", { className: classNameWrapper, id: forID, role: "radiogroup" },
          choice("Yes", true), choice("No", false),
          value === true || value === false
            ? h("button", { type: "button", className: "admin-unsay",
              onClick: () => onChange(null) }, "Clear the answer") : null);
      },
    });
  }

  // ------------------------------------------------------------------ start

  const response = await fetch("config.yml", { cache: "no-cache" });
  const config = YAML.parse(await response.text());
  const collection = config.collections[0];
  const orders = fieldOrders(collection.fields);

  const CMS = window.CMS;
  CMS.registerWidget("yesno", yesNoWidget());
  CMS.registerCustomFormat(collection.format, collection.extension, listingFormat(orders));
  CMS.registerEventListener({
    name: "preSave",
    handler: ({ entry }) => {
      const problems = missingInGroups(collection.fields, entry.get("data").toJS(), "", []);
      if (problems.length) throw new Error(problems.join("; "));
      return entry.get("data");
    },
  });
  document.addEventListener("change", refuseUncleanablePictures, true);
  CMS.init({ config: { ...config, load_config_file: false } });
  document.documentElement.classList.add("admin-ready");
})().catch((error) => {
  document.querySelector(".admin-loading").textContent =
    `The editor could not start: ${error.message}`;
  throw error;
});
