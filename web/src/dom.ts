/**
 * A tiny DOM builder instead of a framework: the app has a handful of pages that are re-rendered whole, so
 * creating elements directly is smaller and faster than any virtual DOM. Text always goes in as text nodes,
 * never as HTML, so nothing from the API or a file can inject markup.
 */

/** A child: an element, text, or nothing (skipped), so conditionals can sit inline. */
export type Child = Node | string | number | null | undefined | false;

/** Attributes: strings (false/undefined leave it out), `on*` handlers, and boolean properties. */
export type Attrs = Record<string, string | number | boolean | undefined | null | ((e: Event) => void)>;

/** Creates `<tag>` with attributes and children. `class` and `for` are written as in HTML. */
export const h = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Array<Child | Child[]>
): HTMLElementTagNameMap[K] => {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
  append(el, ...children);
  return el;
};

/** Appends children, flattening arrays and skipping empty ones. */
export const append = (parent: Node, ...children: Array<Child | Child[]>): void => {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
};

/** Replaces all children of `el`. */
export const replace = (el: Element, ...children: Array<Child | Child[]>): void => {
  el.replaceChildren();
  append(el, ...children);
};

let idCounter = 0;
/** A document-unique id for label/for and aria-describedby pairs. */
export const uid = (prefix: string): string => `${prefix}-${++idCounter}`;
