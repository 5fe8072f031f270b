/* The one DOM helper of the field app: build elements with text (never HTML), find them, show a line. */

/* el('li', { className: 'x', href: '/a' }, 'text' | [children]) */
export function el(tag, props, content) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  if (Array.isArray(content)) {
    content.forEach((child) => { if (child) { node.append(child); } });
  } else if (content !== undefined && content !== null) {
    node.textContent = String(content);
  }
  return node;
}

export function byId(id) { return document.getElementById(id); }

/* Show `text` in the element with this id, or hide it when there is none. */
export function say(id, text) {
  const node = byId(id);
  if (!node) { return; }
  node.textContent = text || '';
  node.hidden = !text;
}
