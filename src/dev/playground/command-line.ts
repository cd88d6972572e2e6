/**
 * The playground's message box: a typed `/dream settings vote-seconds:20 pace:fast` read against the command as it
 * is REGISTERED in the local Discord (not as Reverie's code defines it), the way Discord's own client reads it, so
 * the playground finds a command whose registration is out of date just as a server would. Errors are sentences a
 * member can act on; suggestions are what Discord's pop-up offers while typing.
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { CommandOption } from '../local-discord/server.js';

export interface OptionSchema {
	type: number;
	name: string;
	description?: string;
	required?: boolean;
	choices?: { name: string; value: string | number }[];
	min_value?: number;
	max_value?: number;
	min_length?: number;
	max_length?: number;
	autocomplete?: boolean;
	options?: OptionSchema[];
}

export interface CommandSchema {
	name: string;
	description?: string;
	options?: OptionSchema[];
}

/**
 * Finds what a role, user or channel option names: `@Moderator`, `<@&id>`, `#dreams`, a plain name or an id; and the
 * files the member uploaded for an attachment option, newest first, by id or file name.
 */
export interface Resolver {
	roles(): { id: string; name: string }[];
	users(): { id: string; name: string }[];
	channels(): { id: string; name: string }[];
	attachments?(): { id: string; name: string }[];
}

export type Parsed = { ok: true; name: string; label: string; options: CommandOption[] } | { ok: false; error: string };

export const isNesting = (o: OptionSchema) =>
	o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup;
const list = (names: string[]) => names.join(', ');
const quoted = (text: string) => `“${text}”`;

/** Splits on spaces, keeping `"quoted text"` together (without its quotes). */
export function tokenize(text: string): string[] {
	const tokens: string[] = [];
	let current = '';
	let inQuotes = false;
	let started = false;
	for (const char of text) {
		if (char === '"') {
			inQuotes = !inQuotes;
			started = true;
		} else if (/\s/.test(char) && !inQuotes) {
			if (started) tokens.push(current);
			current = '';
			started = false;
		} else {
			current += char;
			started = true;
		}
	}
	if (started) tokens.push(current);
	return tokens;
}

/** The closest name within two edits, for "did you mean". */
function closest(word: string, names: string[]): string | undefined {
	let best: { name: string; distance: number } | undefined;
	for (const name of names) {
		const distance = editDistance(word.toLowerCase(), name);
		if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
	}
	return best?.name ?? names.find((n) => n.startsWith(word.toLowerCase()) && word.length > 0);
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		const row = [i];
		for (let j = 1; j <= b.length; j++)
			row[j] = Math.min(
				(previous[j] ?? 0) + 1,
				(row[j - 1] ?? 0) + 1,
				(previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
			);
		previous = row;
	}
	return previous[b.length] ?? 0;
}

const didYouMean = (word: string, names: string[]) => {
	const guess = closest(word, names);
	return guess ? ` Did you mean ${guess}?` : '';
};

/** Where a command line stands: the command, the subcommand path, and the options that path takes. */
export function walk(tokens: string[], commands: CommandSchema[]) {
	const name = (tokens[0] ?? '').replace(/^\//, '').toLowerCase();
	const command = commands.find((c) => c.name === name);
	if (!command) return { name, command: undefined, path: [] as OptionSchema[], consumed: 1 };
	const path: OptionSchema[] = [];
	let level = command.options ?? [];
	let consumed = 1;
	while (level.length > 0 && level.every(isNesting)) {
		const word = (tokens[consumed] ?? '').toLowerCase();
		const sub = level.find((o) => o.name === word);
		if (!sub) break;
		path.push(sub);
		level = sub.options ?? [];
		consumed++;
	}
	return { name, command, path, consumed, level };
}

/** Reads a typed command line into the options Discord would send, or says what is wrong with it. */
export function parseCommandLine(text: string, commands: CommandSchema[], resolver: Resolver): Parsed {
	const trimmed = text.trim();
	if (!trimmed.startsWith('/'))
		return {
			ok: false,
			error: 'Reverie listens to slash commands only: type / to see them, for example /dream start.',
		};
	const tokens = tokenize(trimmed);
	const where = walk(tokens, commands);
	const { command } = where;
	if (!command) {
		const names = commands.map((c) => `/${c.name}`);
		return {
			ok: false,
			error: `There is no ${quoted(`/${where.name}`)} command here. The commands are: ${list(names)}.${didYouMean(
				where.name,
				commands.map((c) => c.name),
			).replace('mean ', 'mean /')}`,
		};
	}
	const level = where.level ?? [];
	const label = [`/${command.name}`, ...where.path.map((p) => p.name)].join(' ');
	if (level.length > 0 && level.every(isNesting)) {
		const names = level.map((o) => o.name);
		const word = tokens[where.consumed];
		if (word === undefined) return { ok: false, error: `${label} needs a subcommand: ${list(names)}.` };
		return {
			ok: false,
			error: `${label} has no subcommand ${quoted(word)}. Its subcommands are: ${list(names)}.${didYouMean(word, names)}`,
		};
	}

	const given = new Map<string, { option: OptionSchema; raw: string }>();
	let current: { option: OptionSchema; raw: string } | undefined;
	for (const token of tokens.slice(where.consumed)) {
		const named = /^([^\s:]+):(.*)$/s.exec(token);
		const option = named && level.find((o) => o.name === named[1]?.toLowerCase());
		if (named && option) {
			if (given.has(option.name)) return { ok: false, error: `${option.name} is given twice.` };
			current = { option, raw: named[2] ?? '' };
			given.set(option.name, current);
			continue;
		}
		if (named && level.length === 0) return { ok: false, error: `${label} takes no options.` };
		if (named)
			return {
				ok: false,
				error: `${label} has no option ${quoted(named[1] ?? '')}. Its options are: ${list(level.map((o) => o.name))}.${didYouMean(
					named[1] ?? '',
					level.map((o) => o.name),
				)}`,
			};
		if (current && current.option.type === ApplicationCommandOptionType.String) {
			current.raw = current.raw ? `${current.raw} ${token}` : token;
			continue;
		}
		if (level.length === 0) return { ok: false, error: `${label} takes no options (not ${quoted(token)}).` };
		return {
			ok: false,
			error: `${quoted(token)} is not an option: write options as name:value, e.g. ${level[0]?.name}:… (${label} takes ${list(level.map((o) => o.name))}).`,
		};
	}

	const options: CommandOption[] = [];
	for (const { option, raw } of given.values()) {
		const value = convert(option, raw.trim(), resolver);
		if ('error' in value) return { ok: false, error: value.error };
		options.push({ name: option.name, type: option.type, value: value.value });
	}
	const missing = level.filter((o) => o.required && !given.has(o.name));
	if (missing.length > 0)
		return { ok: false, error: `${label} needs ${list(missing.map((o) => `${o.name}:`))} as well.` };

	let nested = options;
	for (const sub of [...where.path].reverse()) nested = [{ name: sub.name, type: sub.type, options: nested }];
	return { ok: true, name: command.name, label, options: nested };
}

function convert(
	option: OptionSchema,
	raw: string,
	resolver: Resolver,
): { value: string | number | boolean } | { error: string } {
	const name = option.name;
	if (raw === '') return { error: `${name}: give a value after the colon.` };
	const bounds = (n: number, unit: string) => {
		if (option.min_value !== undefined && n < option.min_value)
			return { error: `${name} must be at least ${option.min_value}${unit} (not ${raw}).` };
		if (option.max_value !== undefined && n > option.max_value)
			return { error: `${name} must be at most ${option.max_value}${unit} (not ${raw}).` };
		return { value: n };
	};
	const choice = () => {
		if (!option.choices?.length) return undefined;
		const found = option.choices.find(
			(c) => String(c.value).toLowerCase() === raw.toLowerCase() || c.name.toLowerCase() === raw.toLowerCase(),
		);
		return found
			? { value: found.value }
			: { error: `${name} must be one of: ${list(option.choices.map((c) => c.name))} (not ${quoted(raw)}).` };
	};
	switch (option.type) {
		case ApplicationCommandOptionType.String: {
			const chosen = choice();
			if (chosen) return chosen;
			if (option.min_length !== undefined && raw.length < option.min_length)
				return { error: `${name} must be at least ${option.min_length} characters.` };
			if (option.max_length !== undefined && raw.length > option.max_length)
				return { error: `${name} must be at most ${option.max_length} characters.` };
			return { value: raw };
		}
		case ApplicationCommandOptionType.Integer: {
			if (!/^[+-]?\d+$/.test(raw)) return { error: `${name} must be a whole number (not ${quoted(raw)}).` };
			return choice() ?? bounds(Number(raw), '');
		}
		case ApplicationCommandOptionType.Number: {
			const n = Number(raw);
			if (!Number.isFinite(n)) return { error: `${name} must be a number (not ${quoted(raw)}).` };
			return choice() ?? bounds(n, '');
		}
		case ApplicationCommandOptionType.Boolean: {
			const word = raw.toLowerCase();
			if (['true', 'yes', 'on'].includes(word)) return { value: true };
			if (['false', 'no', 'off'].includes(word)) return { value: false };
			return { error: `${name} must be true or false (not ${quoted(raw)}).` };
		}
		case ApplicationCommandOptionType.Role:
			return found(name, raw, resolver.roles(), /^<@&(\d+)>$/, '@', 'role');
		case ApplicationCommandOptionType.User:
			return found(name, raw, resolver.users(), /^<@!?(\d+)>$/, '@', 'member');
		case ApplicationCommandOptionType.Channel:
			return found(name, raw, resolver.channels(), /^<#(\d+)>$/, '#', 'channel');
		case ApplicationCommandOptionType.Mentionable: {
			const role = found(name, raw, resolver.roles(), /^<@&(\d+)>$/, '@', 'role');
			return 'value' in role ? role : found(name, raw, resolver.users(), /^<@!?(\d+)>$/, '@', 'member or role');
		}
		case ApplicationCommandOptionType.Attachment: {
			const files = resolver.attachments?.() ?? [];
			const file = files.find((f) => f.id === raw) ?? files.find((f) => f.name === raw);
			if (file) return { value: file.id };
			return {
				error: `${name}: ${quoted(raw)} is not a file you uploaded. Choose one with the file picker (type ${name}: to open it), or drop an .ink file on the channel.`,
			};
		}
		default:
			return { error: `${name}: the playground cannot give options of type ${option.type}.` };
	}
}

function found(
	name: string,
	raw: string,
	items: { id: string; name: string }[],
	mention: RegExp,
	sigil: string,
	what: string,
): { value: string } | { error: string } {
	const id = mention.exec(raw)?.[1];
	const plain = raw.startsWith(sigil) ? raw.slice(1) : raw;
	const item = items.find(
		(i) => i.id === id || i.id === raw || i.name.toLowerCase() === plain.toLowerCase() || i.name === raw,
	);
	if (item) return { value: item.id };
	return {
		error: `${name}: there is no ${what} ${quoted(raw)} here. Try ${list(items.map((i) => (i.name.startsWith(sigil) ? i.name : `${sigil}${i.name}`)))}.`,
	};
}
