// @ts-check
// Building the page's elements: one element by its id, and new elements with their attributes and children.

/**
 * @overload
 * @param {string} id
 * @returns {HTMLElement}
 */
/**
 * @template {HTMLElement} T
 * @overload
 * @param {string} id
 * @param {new () => T} kind what the caller needs it to be, e.g. `HTMLInputElement` for its `value`
 * @returns {T}
 */
/**
 * The element of index.html with this id. Its absence is a bug in the page, said at once.
 * @param {string} id
 * @param {new () => HTMLElement} [kind]
 */
export function $(id, kind = HTMLElement) {
	const node = document.getElementById(id);
	if (!(node instanceof kind)) throw new Error(`The page has no ${kind.name} with id ${id}.`);
	return node;
}

/**
 * An element's attributes for {@link el}: `class`, `text`, `dataset`, `on…` for a listener, and `html` for markup
 * the page made itself (the icons, or what `markdown()` returns, whose text it has escaped). Any other key is an
 * attribute: `true` sets it empty, and `undefined`, `null` or `false` leave it out.
 * @typedef {{ [key: string]: unknown }} Props
 */

/** @typedef {Node | string | null | undefined | false} Child */

/**
 * A new element. Children may come in lists (one level deep); `null`, `undefined` and `false` among them are skipped,
 * so optional parts can be written inline.
 * @template {keyof HTMLElementTagNameMap} Tag
 * @param {Tag} tag
 * @param {Props} [props]
 * @param {(Child | Child[])[]} children
 * @returns {HTMLElementTagNameMap[Tag]}
 */
export function el(tag, props = {}, ...children) {
	const node = document.createElement(tag);
	for (const [key, value] of Object.entries(props)) {
		if (value === undefined || value === null || value === false) continue;
		if (key === 'class') node.className = String(value);
		else if (key === 'html') node.innerHTML = String(value);
		else if (key === 'text') node.textContent = String(value);
		else if (key.startsWith('on')) node.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
		else if (key === 'dataset') Object.assign(node.dataset, value);
		else node.setAttribute(key, value === true ? '' : String(value));
	}
	for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
	return node;
}
