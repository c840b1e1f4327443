// Run Lighthouse (npm lighthouse 12.2.3, pinned) on a list of local pages in one Chromium.
//
//   node tests/browser/lighthouse_run.mjs '{"urls": [...], "categories": [...],
//        "formFactor": "mobile"|"desktop"}'
//
// Prints one JSON object: {url: {scores: {category: 0..100}, failing: [audit ids],
// cls: number, lcp: ms}}. Chromium is Debian's (CHROME_PATH, default /usr/bin/chromium),
// run headless with --no-sandbox; the pages are on 127.0.0.1, so nothing leaves the machine.
// Used by tests/browser/test_lighthouse.py and the benchmark (tools/bench/browser.py).
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const request = JSON.parse(process.argv[2]);
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const out = {};
try {
  for (const url of request.urls) {
    const flags = {
      port: chrome.port, output: "json", logLevel: "error",
      onlyCategories: request.categories,
    };
    const config = request.formFactor === "desktop" ? desktopConfig : undefined;
    const result = await lighthouse(url, flags, config);
    const lhr = result.lhr;
    const scores = {};
    for (const [name, category] of Object.entries(lhr.categories)) {
      scores[name] = category.score === null ? null : Math.round(category.score * 100);
    }
    const failing = [];
    for (const category of Object.values(lhr.categories)) {
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          failing.push(ref.id + ": " + audit.title + (audit.displayValue
            ? " (" + audit.displayValue + ")" : ""));
        }
      }
    }
    const metric = (id) => (lhr.audits[id] ? lhr.audits[id].numericValue : null);
    out[url] = {
      scores, failing, cls: metric("cumulative-layout-shift"),
      lcp: metric("largest-contentful-paint"),
      runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null,
    };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(out) + "\n");
