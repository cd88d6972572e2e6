import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';

/**
 * What Discord refuses in a command registration (a bulk overwrite), checked as strictly as Discord does, so a
 * command that could not be deployed fails here first. Each problem is a sentence naming the command and the rule.
 */
export const COMMAND_LIMITS = {
	commands: 100,
	options: 25,
	choices: 25,
	name: 32,
	description: 100,
	choiceName: 100,
	choiceValue: 100,
	maxLength: 6000,
	/** Name, description, and every option's and choice's names, descriptions and values, together. */
	total: 4000,
} as const;

/** A command or option as the bot sends it, not yet checked: any field may be missing or wrong. */
interface Definition {
	type?: unknown;
	name?: unknown;
	description?: unknown;
	required?: unknown;
	choices?: unknown;
	autocomplete?: unknown;
	min_value?: unknown;
	max_value?: unknown;
	min_length?: unknown;
	max_length?: unknown;
	channel_types?: unknown;
	options?: unknown;
}

const OPTION_TYPES = new Set(
	Object.values(ApplicationCommandOptionType).filter((v): v is number => typeof v === 'number'),
);
const COMMAND_TYPES = new Set(Object.values(ApplicationCommandType).filter((v): v is number => typeof v === 'number'));
const { Subcommand, SubcommandGroup, String: Text, Integer, Number: Decimal, Channel } = ApplicationCommandOptionType;
const NESTING = new Set<number>([Subcommand, SubcommandGroup]);
const CHOOSABLE = new Set<number>([Text, Integer, Decimal]);
/** Discord's pattern for chat input names: letters (lower case where there is a case), digits, `-`, `_`, `'`. */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const listOf = (value: unknown): Definition[] => (Array.isArray(value) ? (value as Definition[]) : []);

/** The problems Discord would refuse a bulk overwrite of commands for, one sentence each; none when acceptable. */
export function checkCommands(body: unknown[]): string[] {
	const problems: string[] = [];
	if (body.length > COMMAND_LIMITS.commands)
		problems.push(`${body.length} commands (limit ${COMMAND_LIMITS.commands})`);
	const seen = new Set<string>();
	for (const item of body) {
		const command = (typeof item === 'object' && item !== null ? item : {}) as Definition;
		const type = command.type ?? ApplicationCommandType.ChatInput;
		const label = `/${text(command.name) || '?'}`;
		if (typeof type !== 'number' || !COMMAND_TYPES.has(type)) problems.push(`${label} has no such type ${type}`);
		const key = `${String(type)} ${text(command.name)}`;
		if (seen.has(key)) problems.push(`${label} is registered twice`);
		seen.add(key);
		if (type !== ApplicationCommandType.ChatInput) continue;
		problems.push(...checkNamed(command, label));
		problems.push(...checkLevel(listOf(command.options), label, 0));
		const total = characters(command);
		if (total > COMMAND_LIMITS.total)
			problems.push(`${label} has ${total} characters in all (limit ${COMMAND_LIMITS.total})`);
	}
	return problems;
}

function checkNamed(item: Definition, label: string): string[] {
	const problems: string[] = [];
	const name = text(item.name);
	if (!NAME.test(name) || name !== name.toLowerCase())
		problems.push(`${label}: the name ${JSON.stringify(item.name)} is not 1 to 32 lower-case letters, digits, - or _`);
	const description = text(item.description);
	if (description.length < 1 || description.length > COMMAND_LIMITS.description)
		problems.push(`${label} needs a description of 1 to ${COMMAND_LIMITS.description} characters`);
	return problems;
}

/**
 * One level of options. Depth 0 is the command's own; subcommand groups may sit only there and hold only
 * subcommands, and subcommands hold no more nesting.
 */
function checkLevel(options: Definition[], where: string, depth: number): string[] {
	const problems: string[] = [];
	if (options.length > COMMAND_LIMITS.options)
		problems.push(`${where} has ${options.length} options (limit ${COMMAND_LIMITS.options})`);
	const nesting = options.filter((o) => NESTING.has(o.type as number));
	if (nesting.length > 0 && nesting.length < options.length)
		problems.push(`${where} mixes subcommands with other options`);
	const names = new Set<string>();
	let optionalSeen = false;
	for (const option of options) {
		const label = `${where} ${text(option.name) || '?'}`;
		problems.push(...checkNamed(option, label));
		if (names.has(text(option.name))) problems.push(`${label} is given twice`);
		names.add(text(option.name));
		const type = option.type;
		if (typeof type !== 'number' || !OPTION_TYPES.has(type)) {
			problems.push(`${label} has no such option type ${JSON.stringify(type)}`);
			continue;
		}
		if (type === SubcommandGroup && depth > 0) problems.push(`${label}: a subcommand group may not be nested`);
		if (type === Subcommand && depth > 1) problems.push(`${label}: a subcommand may not be nested this deep`);
		if (NESTING.has(type)) {
			const inner = listOf(option.options);
			if (type === SubcommandGroup && inner.some((o) => o.type !== Subcommand))
				problems.push(`${label}: a subcommand group holds only subcommands`);
			if (type === Subcommand && inner.some((o) => NESTING.has(o.type as number)))
				problems.push(`${label}: a subcommand holds no subcommands`);
			problems.push(...checkLevel(inner, label, depth + 1));
			continue;
		}
		if (option.required === true && optionalSeen) problems.push(`${label}: required options come before optional ones`);
		if (option.required !== true) optionalSeen = true;
		problems.push(...checkValueRules(option, type, label));
	}
	return problems;
}

/** The rules that depend on an option's type: choices, autocomplete, bounds, lengths, channel types. */
function checkValueRules(option: Definition, type: number, label: string): string[] {
	const problems: string[] = [];
	const only = (field: keyof Definition, allowed: boolean, what: string) => {
		if (option[field] !== undefined && !allowed) problems.push(`${label}: ${field} is only for ${what} options`);
	};
	only('choices', CHOOSABLE.has(type), 'string, integer and number');
	only('autocomplete', CHOOSABLE.has(type) || option.autocomplete === false, 'string, integer and number');
	only('min_value', type === Integer || type === Decimal, 'integer and number');
	only('max_value', type === Integer || type === Decimal, 'integer and number');
	only('min_length', type === Text, 'string');
	only('max_length', type === Text, 'string');
	only('channel_types', type === Channel, 'channel');
	if (option.options !== undefined) problems.push(`${label}: only subcommands and groups hold options`);
	const choices = listOf(option.choices);
	if (option.autocomplete === true && choices.length > 0)
		problems.push(`${label}: autocomplete and choices exclude each other`);
	if (choices.length > COMMAND_LIMITS.choices)
		problems.push(`${label} has ${choices.length} choices (limit ${COMMAND_LIMITS.choices})`);
	for (const choice of choices as { name?: unknown; value?: unknown }[]) {
		const name = text(choice.name);
		if (name.length < 1 || name.length > COMMAND_LIMITS.choiceName)
			problems.push(`${label}: a choice's name is 1 to ${COMMAND_LIMITS.choiceName} characters`);
		const fits =
			type === Text
				? typeof choice.value === 'string' && choice.value.length <= COMMAND_LIMITS.choiceValue
				: typeof choice.value === 'number' && (type !== Integer || Number.isInteger(choice.value));
		if (!fits) problems.push(`${label}: the choice ${JSON.stringify(name)} has a value of the wrong type or length`);
	}
	for (const field of ['min_length', 'max_length'] as const) {
		const value = option[field];
		if (
			value !== undefined &&
			(!Number.isInteger(value) || (value as number) < 0 || (value as number) > COMMAND_LIMITS.maxLength)
		)
			problems.push(`${label}: ${field} is a whole number from 0 to ${COMMAND_LIMITS.maxLength}`);
	}
	return problems;
}

/** The characters Discord counts against a command's total. */
function characters(item: Definition): number {
	const own = text(item.name).length + text(item.description).length;
	const choices = listOf(item.choices) as { name?: unknown; value?: unknown }[];
	const ofChoices = choices.reduce((sum, c) => sum + text(c.name).length + String(c.value ?? '').length, 0);
	return own + ofChoices + listOf(item.options).reduce((sum, o) => sum + characters(o), 0);
}
