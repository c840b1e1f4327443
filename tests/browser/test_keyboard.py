"""Keyboard use, focus visibility, and reflow with large text (WCAG 2.1.1, 2.4.1, 2.4.7,
1.4.4 and 1.4.10).

A keyboard user presses Tab from the top of the page: the skip link comes first, then the
quick-exit link; the skip link moves focus to <main>. Walking the home page and a provider
page with Tab reaches every interactive element that is shown (opening the filters on the
way, as a keyboard user would), and each one looks different when focused.

Reflow: at 320 CSS pixels wide (what 1280 pixels at 400% zoom gives) and at 640 pixels with
text at 200% (the browser's default font size doubled, as its text-size setting does), no
page scrolls sideways.
"""

from __future__ import annotations

import pytest
from browser_pages import PAGE_NAMES, open_page, page_types

pytestmark = pytest.mark.browser

# Elements taken out of the tab order on purpose (tabindex="-1": the map's dots, whose
# services the list beside the map links to) are not expected to be reached.
_OUT = ":not([tabindex='-1'])"
FOCUSABLE = (f"a[href]{_OUT}, area[href]{_OUT}, button{_OUT}, "
             f"input:not([type=hidden]){_OUT}, select{_OUT}, textarea{_OUT}, summary{_OUT}, "
             f"iframe{_OUT}, [tabindex]{_OUT}, [contenteditable='true']{_OUT}")
STYLE_PROPS = ["outlineStyle", "outlineWidth", "outlineColor", "boxShadow", "backgroundColor",
               "borderTopColor", "borderBottomColor", "color", "textDecorationLine"]


@pytest.fixture(scope="session")
def kinds(site_dir):
    return page_types(site_dir)


def active(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className,
                text: (e.innerText || e.value || '').trim().slice(0, 60),
                href: e.getAttribute('href')}; }""")


@pytest.mark.parametrize("name", ["home", "provider-photos", "compare-two", "not-found"])
def test_skip_link_then_quick_exit_come_first(page, site_url, kinds, name):
    open_page(page, site_url, kinds[name])
    page.keyboard.press("Tab")
    first = active(page)
    assert (first["tag"], first["cls"], first["href"]) == ("a", "skip-link", "#main"), first
    assert page.locator(".skip-link").is_visible()  # shown when focused
    assert page.evaluate("document.activeElement.getBoundingClientRect().top >= 0")
    page.keyboard.press("Tab")
    second = active(page)
    assert second["id"] == "quick-exit", second


@pytest.mark.parametrize("path", ["/", "/help/"])
def test_skip_link_moves_focus_to_main(page, site_url, path):
    page.goto(site_url + path)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert active(page)["id"] == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)"), \
        active(page)


TAG_ELEMENTS = """sel => {
    const shown = e => !e.disabled && !e.closest('[inert]')
        && e.checkVisibility({visibilityProperty: true});
    const all = [...document.querySelectorAll(sel)].filter(shown);
    let n = document.querySelectorAll('[data-qa-focus]').length;
    for (const e of all) if (!e.dataset.qaFocus) e.dataset.qaFocus = String(n++);
    return all.map(e => ({key: e.dataset.qaFocus, tag: e.tagName.toLowerCase(),
        type: e.type || '', name: e.name || '', id: e.id,
        text: (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 50)}));
}"""
# After a Tab: the focused element's key (tagging new elements first), style and kind.
STEP = """([sel, props]) => {
    const e = document.activeElement;
    if (!e || e === document.body) return {tag: 'body'};
    if (!e.dataset.qaFocus) (TAG_ELEMENTS)(sel);
    const s = getComputedStyle(e);
    return {tag: e.tagName.toLowerCase(), key: e.dataset.qaFocus || null,
            closedSummary: e.tagName === 'SUMMARY' && !e.parentElement.open,
            style: Object.fromEntries(props.map(p => [p, s[p]]))};
}""".replace("TAG_ELEMENTS", TAG_ELEMENTS)
STYLES = """([keys, props]) => Object.fromEntries(keys.map(k => {
    const s = getComputedStyle(document.querySelector(`[data-qa-focus="${k}"]`));
    return [k, Object.fromEntries(props.map(p => [p, s[p]]))]; }))"""


def walk(page) -> tuple[list[dict], dict[str, dict]]:
    """Press Tab until focus leaves the page; open closed <details> on the way with Enter.

    Return the focusable elements shown at the end and the focused style of each element
    reached, by key."""
    page.evaluate(TAG_ELEMENTS, FOCUSABLE)
    reached: dict[str, dict] = {}
    for _ in range(400):
        page.keyboard.press("Tab")
        info = page.evaluate(STEP, [FOCUSABLE, STYLE_PROPS])
        if info["tag"] == "body" or info["key"] in reached:
            break
        assert info["key"] is not None, f"focus went to an element not focusable: {info}"
        reached[info["key"]] = info["style"]
        if info["closedSummary"]:
            page.keyboard.press("Enter")
            page.evaluate(TAG_ELEMENTS, FOCUSABLE)
    else:
        pytest.fail("pressing Tab 400 times never left the page")
    shown = page.evaluate(TAG_ELEMENTS, FOCUSABLE)
    return shown, reached


def unfocused_styles(page, keys) -> dict[str, dict]:
    page.evaluate("document.activeElement && document.activeElement.blur()")
    return page.evaluate(STYLES, [list(keys), STYLE_PROPS])


def unreachable(shown: list[dict], reached: dict[str, dict]) -> list[dict]:
    missing = []
    radio_groups_reached = {(e["name"]) for e in shown
                            if e["type"] == "radio" and e["key"] in reached}
    for element in shown:
        if element["key"] in reached:
            continue
        if element["type"] == "radio" and element["name"] in radio_groups_reached:
            continue  # one radio per group is in the tab order; arrows move within it
        missing.append(element)
    return missing


def focus_visible(focused: dict, unfocused: dict) -> bool:
    outline = (focused["outlineStyle"] != "none" and focused["outlineWidth"] != "0px"
               and (focused["outlineStyle"], focused["outlineWidth"], focused["outlineColor"])
               != (unfocused["outlineStyle"], unfocused["outlineWidth"],
                   unfocused["outlineColor"]))
    others = any(focused[p] != unfocused[p] for p in STYLE_PROPS if not p.startswith("outline"))
    return outline or others


@pytest.mark.parametrize("name", ["home", "provider-photos", "compare-two"])
def test_every_control_is_reachable_by_tab_and_shows_focus(page, site_url, kinds, name):
    open_page(page, site_url, kinds[name])
    page.wait_for_load_state("networkidle")
    shown, reached = walk(page)
    assert len(reached) >= 10, f"Tab reached only {len(reached)} elements"
    missing = unreachable(shown, reached)
    assert not missing, f"not reachable with Tab: {missing}"
    unfocused = unfocused_styles(page, reached)
    no_ring = [(element, reached[element["key"]], unfocused[element["key"]])
               for element in shown if element["key"] in reached
               and not focus_visible(reached[element["key"]], unfocused[element["key"]])]
    assert not no_ring, "no visible focus indicator:\n" + "\n".join(map(str, no_ring))


def sideways(page) -> dict | None:
    """None if the page does not scroll sideways; otherwise the widths and what sticks out."""
    return page.evaluate("""() => {
        const root = document.documentElement;
        if (root.scrollWidth <= root.clientWidth) return null;
        const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) {
            const o = getComputedStyle(p).overflowX;
            if (o === 'auto' || o === 'scroll') return true; }
            return false; };
        const out = [...document.body.querySelectorAll('*')].filter(e => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && r.right > root.clientWidth + 1 && !scrolls(e); })
            .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
            + (typeof e.className === 'string' && e.className
               ? '.' + e.className.split(' ').join('.') : '')
            + ' right=' + Math.round(e.getBoundingClientRect().right));
        return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, elements: out};
    }""")


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_reflow_at_320_px_and_with_text_at_200_percent(new_page, site_url, kinds, name):
    page = new_page(viewport={"width": 320, "height": 640})
    open_page(page, site_url, kinds[name])
    narrow = sideways(page)
    assert narrow is None, f"at 320 px wide, {kinds[name].path} scrolls sideways: {narrow}"

    page.set_viewport_size({"width": 640, "height": 800})
    normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    page.wait_for_function("n => parseFloat(getComputedStyle(document.body).fontSize) >= 2 * n",
                           arg=normal - 0.5)
    large = sideways(page)
    assert large is None, f"with text at 200%, {kinds[name].path} scrolls sideways: {large}"


HARNESS_PAGE = """<!doctype html><html lang="en"><head><title>t</title><style>
a:focus { outline: none; } .ring:focus { outline: 3px solid black; }
</style></head><body><main><a href="#a" class="ring">ringed</a> <a href="#b">no ring</a>
<details><summary>More</summary><a href="#c" class="ring">inside</a></details>
<span tabindex="0" hidden>hidden</span><div style="width: 900px">wide</div></main></body></html>"""


def test_the_walk_and_checks_can_fail(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.set_content(HARNESS_PAGE)
    shown, reached = walk(page)
    texts = {e["key"]: e["text"] for e in shown}
    assert sorted(texts[k] for k in reached) == ["More", "inside", "no ring", "ringed"]
    assert unreachable(shown, reached) == []
    unfocused = unfocused_styles(page, reached)
    plain = {texts[k]: focus_visible(style, unfocused[k]) for k, style in reached.items()}
    assert plain["ringed"] and plain["inside"] and not plain["no ring"], plain
    wide = sideways(page)
    assert wide and wide["scrollWidth"] > 320 and any(e.startswith("div") for e in wide["elements"])


OBSCURED = """() => {
    const e = document.activeElement, exit = document.getElementById('quick-exit');
    if (!e || e === document.body || e === exit || !exit) return null;
    const r = e.getBoundingClientRect(), x = exit.getBoundingClientRect();
    const hidden = r.left >= x.left && r.right <= x.right && r.top >= x.top
        && r.bottom <= x.bottom;
    return hidden ? e.outerHTML.slice(0, 120) : null;
}"""


@pytest.mark.parametrize("name", ["home", "provider-photos"])
def test_focused_elements_are_not_hidden_under_the_quick_exit_button(new_page, site_url,
                                                                     kinds, name):
    """WCAG 2.4.11: the fixed quick-exit button never entirely hides the focused element,
    tabbing forwards or backwards on a phone."""
    page = new_page(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    open_page(page, site_url, kinds[name])
    hidden = []
    for key in ("Tab", "Shift+Tab"):
        steps = 0
        while steps < 300:
            page.keyboard.press(key)
            steps += 1
            if page.evaluate("document.activeElement === document.body"):
                break
            found = page.evaluate(OBSCURED)
            if found:
                hidden.append(f"{key}: {found}")
    assert not hidden, "focused but hidden under the quick-exit button:\n" + "\n".join(hidden)


def test_the_obscured_check_can_fail(page):
    page.set_content('<a id="quick-exit" href="#x" style="position:fixed;top:0;left:0;'
                     'width:300px;height:60px;background:red">exit</a>'
                     '<p style="margin-top:10px"><a href="#y">under it</a></p>')
    page.focus("a[href='#y']")
    assert "under it" in (page.evaluate(OBSCURED) or "")
