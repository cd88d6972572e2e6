import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { dream } from '../../commands/dream.js';
import {
	type CommandSchema,
	parseCommandLine,
	type Resolver,
	tokenize,
} from '../../src/dev/playground/command-line.js';
import { suggest } from '../../src/dev/playground/suggestions.js';

/** /dream as Discord registers it: the same JSON the deploy sends. */
const COMMANDS = [dream.data.toJSON()] as unknown as CommandSchema[];
const resolver: Resolver = {
	roles: () => [
		{ id: '100', name: '@everyone' },
		{ id: '200', name: 'Moderator' },
		{ id: '300', name: 'Night Owls' },
	],
	users: () => [{ id: '400', name: 'Alice' }],
	channels: () => [{ id: '500', name: 'dreams' }],
};
const parse = (text: string) => parseCommandLine(text, COMMANDS, resolver);
/** /dream's subcommands as registered, in order: the errors list them, and the command gains some now and then. */
const SUBCOMMANDS = (COMMANDS[0]?.options ?? []).map((o) => o.name).join(', ');

describe('reading a typed command', () => {
	it('GIVEN /dream start with a story WHEN read THEN it is the start subcommand with the story as a string', () => {
		expect(parse('/dream start story:the-thread')).toEqual({
			ok: true,
			name: 'dream',
			label: '/dream start',
			options: [{ name: 'start', type: 1, options: [{ name: 'story', type: 3, value: 'the-thread' }] }],
		});
	});

	it('GIVEN settings with every kind of option WHEN read THEN each value has its type: a number, a choice, a role id, a boolean', () => {
		const parsed = parse('/dream settings vote-seconds:20 pace:FAST moderator-role:@moderator clear-moderator-role:no');
		expect(parsed.ok && parsed.options[0]?.options).toEqual([
			{ name: 'vote-seconds', type: 4, value: 20 },
			{ name: 'pace', type: 3, value: 'fast' },
			{ name: 'moderator-role', type: 8, value: '200' },
			{ name: 'clear-moderator-role', type: 5, value: false },
		]);
	});

	it('GIVEN a role written as a mention or with spaces in quotes WHEN read THEN it is found', () => {
		for (const text of ['moderator-role:<@&300>', 'moderator-role:"@Night Owls"', 'moderator-role:300']) {
			const parsed = parse(`/dream settings ${text}`);
			expect(parsed.ok && parsed.options[0]?.options?.[0]?.value, text).toBe('300');
		}
	});

	it('GIVEN a story value with spaces WHEN read THEN the words after it belong to it', () => {
		const parsed = parse('/dream start story:the long night');
		expect(parsed.ok && parsed.options[0]?.options?.[0]?.value).toBe('the long night');
	});

	it('GIVEN a subcommand without options WHEN read THEN it carries an empty option list', () => {
		expect(parse('  /dream status  ')).toMatchObject({
			ok: true,
			options: [{ name: 'status', type: 1, options: [] }],
		});
	});

	it('GIVEN mistakes WHEN read THEN each is named in a sentence, with a guess where one is close', () => {
		const errors: [string, string][] = [
			['/dream stat', `/dream has no subcommand “stat”. Its subcommands are: ${SUBCOMMANDS}. Did you mean start?`],
			['/dreem start', 'There is no “/dreem” command here. The commands are: /dream. Did you mean /dream?'],
			['/dream settings pace:fast pace:slow', 'pace is given twice.'],
			['/dream settings vote-seconds:', 'vote-seconds: give a value after the colon.'],
			['/dream settings vote-seconds:4000', 'vote-seconds must be at most 3600 (not 4000).'],
			['/dream settings vote-seconds:1.5', 'vote-seconds must be a whole number (not “1.5”).'],
			[
				'/dream settings pase:fast',
				'/dream settings has no option “pase”. Its options are: vote-seconds, pace, moderator-role, clear-moderator-role, mode, quick-close, threads, time-zone. Did you mean pace?',
			],
			[
				'/dream settings fast',
				'“fast” is not an option: write options as name:value, e.g. vote-seconds:… (/dream settings takes vote-seconds, pace, moderator-role, clear-moderator-role, mode, quick-close, threads, time-zone).',
			],
			['/dream reset story:x', '/dream reset takes no options.'],
		];
		for (const [text, error] of errors) expect(parse(text), text).toEqual({ ok: false, error });
	});

	it('GIVEN quoted text WHEN split THEN the quotes keep it together and are dropped', () => {
		expect(tokenize('/dream start story:"a b"  c')).toEqual(['/dream', 'start', 'story:a b', 'c']);
	});
});

describe('suggesting while typing', () => {
	const offer = (text: string, autocomplete?: Parameters<typeof suggest>[3]) =>
		suggest(text, COMMANDS, resolver, autocomplete);

	it('GIVEN a slash WHEN suggested THEN the commands are offered', async () => {
		const offered = await offer('/');
		expect(offered.items).toEqual([
			{ label: '/dream', description: 'Dream together in this channel', text: '/dream ' },
		]);
		expect(offered.complete).toBe(false);
	});

	it('GIVEN a subcommand and a space WHEN suggested THEN its unused options are offered, and the line can be sent', async () => {
		const offered = await offer('/dream settings pace:fast ');
		expect(offered.items.map((i) => i.label)).toEqual([
			'vote-seconds:',
			'moderator-role:',
			'clear-moderator-role:',
			'mode:',
			'quick-close:',
			'threads:',
			'time-zone:',
		]);
		expect(offered.items[0]?.text).toBe('/dream settings pace:fast vote-seconds:');
		expect(offered.complete).toBe(true);
	});

	it('GIVEN an option with choices WHEN its value is begun THEN the matching choices are offered, those that begin with it first, each completing the line', async () => {
		const offered = await offer('/dream settings pace:s');
		expect(offered.items).toEqual([
			{ label: 'slow', text: '/dream settings pace:slow ' },
			{ label: 'fast', text: '/dream settings pace:fast ' },
		]);
	});

	it('GIVEN an autocompleted option WHEN its value is begun THEN the bot is asked, with the option focused', async () => {
		const asked: unknown[] = [];
		const offered = await offer('/dream start story:thr', async (name, options) => {
			asked.push({ name, options });
			return [{ name: 'The Thread of Night (the-thread)', value: 'the-thread' }];
		});
		expect(asked).toEqual([
			{
				name: 'dream',
				options: [{ name: 'start', type: 1, options: [{ name: 'story', type: 3, value: 'thr', focused: true }] }],
			},
		]);
		expect(offered.items).toEqual([
			{ label: 'The Thread of Night (the-thread)', text: '/dream start story:the-thread ' },
		]);
	});

	it('GIVEN a role option WHEN its value is begun THEN the roles are offered as mentions, quoted when they have spaces', async () => {
		const offered = await offer('/dream settings moderator-role:n');
		expect(offered.items).toEqual([
			{ label: '@everyone', text: '/dream settings moderator-role:@everyone ' },
			{ label: '@Night Owls', text: '/dream settings moderator-role:"@Night Owls" ' },
		]);
	});

	it('GIVEN a number option WHEN its value is begun THEN a hint gives its range and cannot be chosen', async () => {
		const offered = await offer('/dream settings vote-seconds:');
		expect(offered.items).toEqual([{ label: 'a whole number from 10 to 3600' }]);
	});

	it('GIVEN plain text WHEN suggested THEN nothing is offered', async () => {
		expect((await offer('hello')).items).toEqual([]);
	});
});

describe('an attachment option', () => {
	/** A command with a file option inside a subcommand, as `/dream add file:` registers. */
	const WITH_FILE: CommandSchema[] = [
		{
			name: 'dream',
			options: [
				{
					type: ApplicationCommandOptionType.Subcommand,
					name: 'add',
					options: [{ type: ApplicationCommandOptionType.Attachment, name: 'file', required: true }],
				},
			],
		},
	];
	const uploads: Resolver = {
		...resolver,
		attachments: () => [
			{ id: '901', name: 'night sky.ink' },
			{ id: '900', name: 'story.ink' },
		],
	};

	it('GIVEN a file the member uploaded WHEN named by its file name or its id THEN the option is its attachment id', () => {
		const expected = (id: string) => ({
			ok: true,
			name: 'dream',
			label: '/dream add',
			options: [{ name: 'add', type: 1, options: [{ name: 'file', type: 11, value: id }] }],
		});
		expect(parseCommandLine('/dream add file:story.ink', WITH_FILE, uploads)).toEqual(expected('900'));
		expect(parseCommandLine('/dream add file:"night sky.ink"', WITH_FILE, uploads)).toEqual(expected('901'));
		expect(parseCommandLine('/dream add file:901', WITH_FILE, uploads)).toEqual(expected('901'));
	});

	it('GIVEN no such upload, or no file at all WHEN read THEN the sentence says how to give one', () => {
		expect(parseCommandLine('/dream add file:other.ink', WITH_FILE, uploads)).toEqual({
			ok: false,
			error:
				'file: “other.ink” is not a file you uploaded. Choose one with the file picker (type file: to open it), or drop an .ink file on the channel.',
		});
		expect(parseCommandLine('/dream add', WITH_FILE, resolver)).toEqual({
			ok: false,
			error: '/dream add needs file: as well.',
		});
	});

	it('GIVEN the option begun WHEN suggested THEN the page is told to offer its file picker, and the uploads are offered', async () => {
		const offered = await suggest('/dream add file:', WITH_FILE, uploads);
		expect(offered.upload).toBe('/dream add file:');
		expect(offered.items).toEqual([
			{ label: 'night sky.ink', description: 'uploaded', text: '/dream add file:"night sky.ink" ' },
			{ label: 'story.ink', description: 'uploaded', text: '/dream add file:story.ink ' },
		]);
		expect((await suggest('/dream add ', WITH_FILE, uploads)).upload).toBeUndefined();
	});
});
