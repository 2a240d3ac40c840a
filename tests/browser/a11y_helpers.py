"""What a keyboard and screen reader user gets, read from the browser: the focused element, the
contrast of its focus indicator against what surrounds it, and Chromium's accessibility tree."""

from __future__ import annotations

# The focused element's focus indicator: the contrast of its outline (or, failing that, its
# box-shadow, blended by its alpha) against the background behind it (WCAG 2.4.7 / 1.4.11).
FOCUS_CONTRAST_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 0;
  const style = getComputedStyle(el);
  const parse = (value) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(value || "");
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const background = (node) => {
    for (let n = node; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const blend = (c, under) => ({
    r: c.r * c.a + under.r * (1 - c.a), g: c.g * c.a + under.g * (1 - c.a), b: c.b * c.a + under.b * (1 - c.a), a: 1,
  });
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  // an outline with an offset is drawn over the parent's background
  const behind = background(el.parentElement);
  const found = [0];
  if (style.outlineStyle !== "none" && style.outlineStyle !== "auto" && parseFloat(style.outlineWidth) >= 2) {
    const c = parse(style.outlineColor);
    if (c && c.a > 0) found.push(ratio(blend(c, behind), behind));
  }
  if (style.boxShadow && style.boxShadow !== "none") {
    const c = parse(style.boxShadow);
    if (c && c.a > 0) found.push(ratio(blend(c, behind), behind));
  }
  return Math.max(...found);
}"""

FOCUSED_JS = """() => {
  const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name") || "",
          text: (el.innerText || el.value || "").trim().slice(0, 80)};
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED_JS)


def focus_contrast(page) -> float:
    return page.evaluate(FOCUS_CONTRAST_JS)


def assert_focus_visible(page, where: str = "") -> None:
    ratio = focus_contrast(page)
    assert ratio >= 3, f"focus indicator of {focused(page)} {where}: {ratio:.2f}:1"


def tab_to(page, selector: str, *, limit: int = 60, backwards: bool = False) -> dict:
    """Press Tab until the element matching `selector` has the focus; every stop on the way
    shows a visible focus indicator."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            assert_focus_visible(page, f"reached by Tab ({selector})")
            return focused(page)
        if page.evaluate("() => document.activeElement !== document.body"):
            assert_focus_visible(page, f"on the way to {selector}")
    raise AssertionError(f"Tab never reached {selector}; last: {focused(page)}")


CONTROL_ROLES = {
    "textbox", "searchbox", "combobox", "listbox", "checkbox", "radio", "button", "spinbutton",
    "slider", "switch", "menuitem", "tab", "link",
}  # fmt: skip


def accessibility_tree_problems(page) -> list[str]:
    """From Chromium's accessibility tree: controls without a name, controls announced invalid."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    found = []
    for node in nodes:
        if node.get("ignored"):
            continue
        role = (node.get("role") or {}).get("value", "")
        name = ((node.get("name") or {}).get("value") or "").strip()
        properties = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
        label = f"{role} {name!r}"
        if role in CONTROL_ROLES and not name:
            found.append(f"{role} without a name")
        if properties.get("invalid") not in (None, "false", False):
            found.append(f"{label} is announced invalid")
    return found


# Each visible form control's border against the background around it (WCAG 1.4.11).
CONTROL_BORDERS_JS = """() => {
  const parse = (value) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(value || "");
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const background = (node) => {
    for (let n = node; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  const found = [];
  for (const el of document.querySelectorAll(".form-control, .form-select, .form-check-input")) {
    if (!el.offsetParent) continue;
    const border = parse(getComputedStyle(el).borderTopColor);
    const value = ratio(border, background(el.parentElement));
    if (value < 3) found.push(`${el.id || el.name}: ${value.toFixed(2)}:1`);
  }
  return found;
}"""


def low_contrast_control_borders(page) -> list[str]:
    return page.evaluate(CONTROL_BORDERS_JS)
