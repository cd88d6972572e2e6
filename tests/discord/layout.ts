import type { ComponentLike } from '../../src/dev/local-discord/layout-checks.js';

/** The texts of a message in Discord's newer layout, as a member reads them, in order. */
export function textsOf(components: readonly unknown[]): string[] {
	const walk = (parts: readonly ComponentLike[]): string[] =>
		parts.flatMap((p) => [...(p.type === 10 ? [String(p.content)] : []), ...walk(p.components ?? [])]);
	return walk(JSON.parse(JSON.stringify(components)) as ComponentLike[]);
}
