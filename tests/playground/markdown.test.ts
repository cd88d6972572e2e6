import { describe, expect, it } from 'vitest';
import { escapeHtml, markdown } from '../../src/dev/playground/page/markdown.js';

/** A world of one member, one role and one channel; hostile names, as a name is text a stranger chose. */
const names = {
	member: (id: string) => ({ '1': 'Alice', '666': '<img src=x onerror=alert(1)>' })[id] ?? 'someone',
	role: (id: string) => ({ '2': '@Moderator', '667': '"><script>alert(1)</script>' })[id],
	channel: (id: string) => ({ '3': 'dreams', '668': "'><svg onload=alert(1)>" })[id],
};

/**
 * Every piece of markup `markdown()` makes, attributes and all. Anything else in its output that looks like markup
 * would be the text's own.
 */
const OURS = new RegExp(
	[
		'</?(?:strong|em|u|s|code)>',
		'<span class="mention">',
		'</span>',
		'<time class="timestamp" data-unix="-?\\d+" data-style="[tTdDfFR]" datetime="[^"<>]*" title="[^"<>]*">',
		'</time>',
		'<img class="emoji" alt="✅" title=":white_check_mark:" src="data:image/svg\\+xml,[^"<>]*">',
	].join('|'),
	'g',
);

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** What a browser would show of the HTML: its text, with our markup taken out and the entities read back. */
const shown = (html: string) =>
	html.replace(OURS, '').replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

const HOSTILE = [
	'<img src=x onerror=alert(1)>',
	'<script>alert(1)</script>',
	'"><svg onload=alert(1)>',
	"'><svg onload=alert(1)>",
	'[link](javascript:alert(1))',
	'<a href="javascript:alert(1)">click</a>',
	'<iframe srcdoc="<script>alert(1)</script>">',
	'&lt;script&gt; already escaped &amp; twice',
	'<0> and \uE0000\uE000, which look like the placeholders of inline code',
	'<t:1"onmouseover="alert(1)> <t:1:R"> <@1 onclick=x> <#3"x>',
];

describe("the page's markdown", () => {
	it.each(HOSTILE)(
		'GIVEN hostile text %j WHEN drawn THEN none of it becomes markup and all of it shows as written',
		(text) => {
			const html = markdown(text, names);
			expect(html.replace(OURS, '')).not.toMatch(/[<>"']/);
			expect(shown(html)).toBe(text);
		},
	);

	it('GIVEN markdown around tags WHEN drawn THEN the markdown applies and the tags inside it stay text', () => {
		const html = markdown(
			'**<b>bold</b>** *<i onmouseover=alert(1)>it</i>* __<u>__ ~~<s>~~ `<code>**x**</code>`',
			names,
		);
		expect(html).toBe(
			'<strong>&lt;b&gt;bold&lt;/b&gt;</strong> <em>&lt;i onmouseover=alert(1)&gt;it&lt;/i&gt;</em> ' +
				'<u>&lt;u&gt;</u> <s>&lt;s&gt;</s> <code>&lt;code&gt;**x**&lt;/code&gt;</code>',
		);
		expect(html.replace(OURS, '')).not.toMatch(/[<>"']/);
	});

	it('GIVEN mentions of members, roles and channels with hostile names WHEN drawn THEN the names show as text', () => {
		const html = markdown('<@666> <@&667> <#668>', names);
		expect(html.replace(OURS, '')).not.toMatch(/[<>"']/);
		expect(shown(html)).toBe(`@<img src=x onerror=alert(1)> @"><script>alert(1)</script> #'><svg onload=alert(1)>`);
	});

	it('GIVEN the markdown Reverie writes WHEN drawn THEN it is marked up as Discord draws it', () => {
		expect(markdown('**Vote** for *one* __now__ ~~later~~ `/dream skip`', names)).toBe(
			'<strong>Vote</strong> for <em>one</em> <u>now</u> <s>later</s> <code>/dream skip</code>',
		);
		expect(markdown('<@1> <@!1> <@&2> <@&9> <#3> <#9> <@9>', names)).toBe(
			'<span class="mention">@Alice</span> <span class="mention">@Alice</span> ' +
				'<span class="mention">@Moderator</span> <span class="mention">@deleted-role</span> ' +
				'<span class="mention">#dreams</span> <span class="mention">#unknown</span> <span class="mention">@someone</span>',
		);
		expect(markdown('✅ chosen', names)).toMatch(/^<img class="emoji" alt="✅"[^>]*> chosen$/);
		expect(markdown(undefined, names)).toBe('');
	});

	it('GIVEN timestamps WHEN drawn THEN each is a time element, and one no date can hold stays text', () => {
		const soon = Math.floor(Date.now() / 1000) + 30;
		const html = markdown(`Closes <t:${soon}:R>, at <t:${soon}:t>.`, names);
		expect(html).toMatch(
			new RegExp(
				`^Closes <time class="timestamp" data-unix="${soon}" data-style="R" [^>]*>in \\d+ seconds</time>, at `,
			),
		);
		expect(html.replace(OURS, '')).not.toMatch(/[<>"']/);
		expect(markdown('<t:99999999999999999:R>', names)).toBe('&lt;t:99999999999999999:R&gt;');
	});

	it('GIVEN headings and -# lines in a text display WHEN drawn with headings THEN each is a block of its size, and only lines opening with 1 to 3 # and a space are', () => {
		const text = '# The night\n## A room\n### A door **ajar**\n-# small print\nplain\n#### four\n#none\n -# indented';
		expect(markdown(text, names, { headings: true })).toBe(
			'<h1 class="heading">The night</h1><h2 class="heading">A room</h2>' +
				'<h3 class="heading">A door <strong>ajar</strong></h3><div class="subtext">small print</div>' +
				'plain\n#### four\n#none\n -# indented',
		);
	});

	it('GIVEN heading lines in content or an embed WHEN drawn without headings THEN they stay text, as the page drew them before', () => {
		expect(markdown('# The night\n-# small print', names)).toBe('# The night\n-# small print');
	});

	it.each(HOSTILE)(
		'GIVEN hostile text %j in a heading WHEN drawn with headings THEN none of it becomes markup',
		(text) => {
			const html = markdown(`# ${text}\n-# ${text}`, names, { headings: true });
			const inner = html.replace(/^<h1 class="heading">(.*)<\/h1><div class="subtext">(.*)<\/div>$/s, '$1$2');
			expect(inner).not.toBe(html);
			expect(inner.replace(OURS, '')).not.toMatch(/[<>"']/);
		},
	);

	it('GIVEN every character that can open markup or end an attribute WHEN escaped THEN each is an entity', () => {
		expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
			'&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
		);
	});
});
