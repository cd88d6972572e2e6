/**
 * The pop-up over the playground's message box: what Discord's client offers while a member types a command
 * (commands, subcommands, option names, an option's values and the bot's autocomplete), read against the commands
 * as registered, like the line itself (`command-line.ts`).
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { CommandOption } from '../local-discord/server.js';
import {
	type CommandSchema,
	isNesting,
	type OptionSchema,
	parseCommandLine,
	type Resolver,
	tokenize,
	walk,
} from './command-line.js';

/** One line of the suggestion pop-up. `text` is the whole box after choosing it; a hint without one is not chosen. */
export interface Suggestion {
	label: string;
	description?: string;
	text?: string;
}

export interface Suggestions {
	/** What the pop-up is listing, as its heading. */
	title: string;
	items: Suggestion[];
	/** Whether the box as it stands is a command that can be sent. */
	complete: boolean;
	/** For an attachment option: the box's text before the file, which the page's file picker completes. */
	upload?: string;
}

/** Asks the bot for an option's autocomplete choices (the story names), as Discord does while a member types. */
export type Autocomplete = (
	command: string,
	options: CommandOption[],
) => Promise<{ name: string; value: string | number }[]>;

const MAX_SUGGESTIONS = 25;
const asValue = (text: string) => (/\s/.test(text) ? `"${text}"` : text);

/** What to offer while a member types `text`: commands, subcommands, option names, or an option's values. */
export async function suggest(
	text: string,
	commands: CommandSchema[],
	resolver: Resolver,
	autocomplete?: Autocomplete,
): Promise<Suggestions> {
	const complete = parseCommandLine(text, commands, resolver).ok;
	const none = { title: '', items: [], complete };
	if (!text.startsWith('/')) return none;
	const raw = /(\S*)$/.exec(text)?.[1] ?? '';
	const before = text.slice(0, text.length - raw.length);
	const partial = raw.replaceAll('"', '');
	const done = tokenize(before);

	if (done.length === 0) {
		const word = partial.replace(/^\//, '').toLowerCase();
		return {
			title: 'Commands',
			complete,
			items: commands
				.filter((c) => c.name.startsWith(word))
				.map((c) => ({ label: `/${c.name}`, description: c.description, text: `/${c.name} ` })),
		};
	}
	const where = walk(done, commands);
	if (!where.command) return none;
	const level = where.level ?? [];
	const label = [`/${where.command.name}`, ...where.path.map((p) => p.name)].join(' ');
	if (level.length > 0 && level.every(isNesting)) {
		if (where.consumed < done.length) return none;
		const word = partial.toLowerCase();
		return {
			title: label,
			complete,
			items: level
				.filter((o) => o.name.startsWith(word))
				.map((o) => ({ label: `${label} ${o.name}`, description: o.description, text: `${before}${o.name} ` })),
		};
	}

	const named = /^([^\s:]+):(.*)$/s.exec(partial);
	const option = named && level.find((o) => o.name === named[1]?.toLowerCase());
	if (named && option) {
		const typed = named[2] ?? '';
		const head = `${before}${option.name}:`;
		const items = await valuesOf(option, typed, resolver, async (value) => {
			if (!autocomplete) return [];
			const focused: CommandOption = { name: option.name, type: option.type, value, focused: true };
			let nested: CommandOption[] = [focused];
			for (const sub of [...where.path].reverse()) nested = [{ name: sub.name, type: sub.type, options: nested }];
			return autocomplete(where.command.name, nested);
		});
		return {
			title: `${option.name}${option.description ? `: ${option.description}` : ''}`,
			complete,
			items: items
				.slice(0, MAX_SUGGESTIONS)
				.map((i) => ({ ...i, text: i.text === undefined ? undefined : `${head}${i.text} ` })),
			...(option.type === ApplicationCommandOptionType.Attachment ? { upload: head } : {}),
		};
	}
	const used = new Set(done.slice(where.consumed).flatMap((t) => /^([^\s:]+):/.exec(t)?.[1]?.toLowerCase() ?? []));
	const word = partial.toLowerCase();
	return {
		title: level.length > 0 ? `${label}: options` : label,
		complete,
		items: level
			.filter((o) => !used.has(o.name) && o.name.startsWith(word))
			.map((o) => ({
				label: `${o.name}:`,
				description: `${o.description ?? ''}${o.required ? ' (required)' : ''}`,
				text: `${before}${o.name}:`,
			})),
	};
}

async function valuesOf(
	option: OptionSchema,
	typed: string,
	resolver: Resolver,
	autocomplete: (value: string) => Promise<{ name: string; value: string | number }[]>,
): Promise<Suggestion[]> {
	const word = typed.toLowerCase();
	const matches = (...texts: string[]) => texts.some((t) => t.toLowerCase().includes(word));
	const first = (text: string) => (text.toLowerCase().startsWith(word) ? 0 : 1);
	if (option.choices?.length)
		return option.choices
			.filter((c) => matches(c.name, String(c.value)))
			.sort((a, b) => first(a.name) - first(b.name))
			.map((c) => ({ label: c.name, text: asValue(String(c.value)) }));
	if (option.autocomplete)
		return (await autocomplete(typed)).map((c) => ({ label: c.name, text: asValue(String(c.value)) }));
	switch (option.type) {
		case ApplicationCommandOptionType.Boolean:
			return ['true', 'false'].filter((b) => b.startsWith(word)).map((b) => ({ label: b, text: b }));
		case ApplicationCommandOptionType.Role:
			return resolver
				.roles()
				.filter((r) => matches(r.name))
				.map((r) => ({
					label: r.name.startsWith('@') ? r.name : `@${r.name}`,
					text: asValue(`@${r.name.replace(/^@/, '')}`),
				}));
		case ApplicationCommandOptionType.User:
			return resolver
				.users()
				.filter((u) => matches(u.name))
				.map((u) => ({ label: `@${u.name}`, text: asValue(`@${u.name}`) }));
		case ApplicationCommandOptionType.Channel:
			return resolver
				.channels()
				.filter((c) => matches(c.name))
				.map((c) => ({ label: `#${c.name}`, text: `#${c.name}` }));
		case ApplicationCommandOptionType.Attachment:
			return (resolver.attachments?.() ?? [])
				.filter((f) => matches(f.name))
				.map((f) => ({ label: f.name, description: 'uploaded', text: asValue(f.name) }));
		case ApplicationCommandOptionType.Integer:
		case ApplicationCommandOptionType.Number: {
			const range =
				option.min_value !== undefined && option.max_value !== undefined
					? ` from ${option.min_value} to ${option.max_value}`
					: '';
			return [
				{ label: `${option.type === ApplicationCommandOptionType.Integer ? 'a whole number' : 'a number'}${range}` },
			];
		}
		default:
			return [{ label: option.description ?? 'any text' }];
	}
}
