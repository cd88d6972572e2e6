import {
	DiscordAPIError,
	type Interaction,
	PermissionFlagsBits,
	PermissionsBitField,
	RESTJSONErrorCodes,
} from 'discord.js';

export interface Call {
	kind: 'reply' | 'deferReply' | 'editReply' | 'followUp' | 'update' | 'deferUpdate' | 'respond';
	payload: unknown;
	at: number;
	/** The order of this call among every fake interaction's calls. */
	seq: number;
}

let calls = 0;

/** Whether an interaction has had its first answer, and which. */
interface Answered {
	replied: boolean;
	deferred: boolean;
}

function record(into: Call[], kind: Call['kind'], payload: unknown) {
	into.push({ kind, payload, at: Date.now(), seq: calls++ });
}

/**
 * The interaction's webhook, as discord.js's holds the client and the token and not the interaction: it shares the
 * interaction's record of calls and its answered state, not the interaction itself. Editing `@original` is editing
 * the reply.
 */
function fakeWebhook(into: Call[], answered: Answered) {
	return {
		async editMessage(message: string, payload: unknown) {
			if (message !== '@original') throw new Error(`the fake edits only @original, not ${message}`);
			if (!answered.replied && !answered.deferred) throw new Error('InteractionNotReplied');
			record(into, 'editReply', payload);
		},
	};
}

export interface FakeOptions {
	userId?: string;
	guildId?: string | null;
	channelId?: string;
	/** The member's permissions in the channel. */
	permissions?: bigint[];
	roles?: string[];
	/** The bot's permissions in the channel. */
	appPermissions?: bigint[];
	/** Another copy of the bot acknowledged it first: Discord refuses this one's first answer with 40060. */
	answeredElsewhere?: boolean;
}

const BOT_NEEDS = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks];

/**
 * An interaction as the router sees it, recording every answer. It keeps Discord's rules: one initial callback
 * (reply, defer or update), edits and follow-ups only after it.
 */
export class FakeInteraction {
	readonly id = String(Math.floor(Math.random() * 1e15));
	readonly calls: Call[] = [];
	private readonly answered: Answered = { replied: false, deferred: false };
	readonly webhook = fakeWebhook(this.calls, this.answered);
	readonly user: { id: string };
	readonly guildId: string | null;
	readonly channelId: string;
	readonly member: { roles: string[] } | null;
	readonly memberPermissions: PermissionsBitField | null;
	readonly appPermissions: PermissionsBitField;
	private readonly answeredElsewhere: boolean;
	commandName = '';
	customId = '';
	type = 0;
	private kind: 'command' | 'button' | 'autocomplete' = 'command';
	private values: Record<string, unknown> = {};
	private subcommand = '';

	constructor(options: FakeOptions = {}) {
		this.user = { id: options.userId ?? '300000000000000001' };
		this.guildId = options.guildId === undefined ? '100000000000000001' : options.guildId;
		this.channelId = options.channelId ?? '200000000000000001';
		this.member = this.guildId ? { roles: options.roles ?? [] } : null;
		this.memberPermissions = this.guildId ? new PermissionsBitField(options.permissions ?? []) : null;
		this.appPermissions = new PermissionsBitField(options.appPermissions ?? BOT_NEEDS);
		this.answeredElsewhere = options.answeredElsewhere ?? false;
	}

	static command(subcommand: string, values: Record<string, unknown> = {}, options?: FakeOptions) {
		const i = new FakeInteraction(options);
		i.kind = 'command';
		i.type = 2;
		i.commandName = 'dream';
		i.subcommand = subcommand;
		i.values = values;
		return i;
	}

	static button(customId: string, options?: FakeOptions) {
		const i = new FakeInteraction(options);
		i.kind = 'button';
		i.type = 3;
		i.customId = customId;
		return i;
	}

	static autocomplete(focused: string, options?: FakeOptions) {
		const i = new FakeInteraction(options);
		i.kind = 'autocomplete';
		i.type = 4;
		i.commandName = 'dream';
		i.values = { focused };
		return i;
	}

	get asInteraction(): Interaction {
		return this as unknown as Interaction;
	}

	isChatInputCommand() {
		return this.kind === 'command';
	}
	isCommand() {
		return this.kind === 'command';
	}
	isAutocomplete() {
		return this.kind === 'autocomplete';
	}
	isButton() {
		return this.kind === 'button';
	}
	isRepliable() {
		return this.kind !== 'autocomplete';
	}
	inGuild() {
		return this.guildId !== null;
	}

	readonly options = {
		getSubcommand: () => this.subcommand,
		getSubcommandGroup: () => (this.values.group as string | undefined) ?? null,
		getString: (name: string) => (this.values[name] as string | undefined) ?? null,
		getUser: (name: string) => (this.values[name] ? { id: this.values[name] as string } : null),
		getInteger: (name: string) => (this.values[name] as number | undefined) ?? null,
		getBoolean: (name: string) => (this.values[name] as boolean | undefined) ?? null,
		getRole: (name: string) => (this.values[name] ? { id: this.values[name] as string } : null),
		// `getFocused(true)` gives the option's name too: `focusedOption`, the story's when the test names none.
		getFocused: (full?: boolean) => {
			const value = (this.values.focused as string | undefined) ?? '';
			return full ? { name: (this.values.focusedOption as string | undefined) ?? 'story', value } : value;
		},
	};

	get replied() {
		return this.answered.replied;
	}
	get deferred() {
		return this.answered.deferred;
	}

	private first(kind: Call['kind'], payload: unknown) {
		if (this.replied || this.deferred) throw new Error('InteractionAlreadyReplied');
		if (this.answeredElsewhere)
			throw new DiscordAPIError(
				{
					code: RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
					message: 'Interaction has already been acknowledged.',
				},
				RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged,
				400,
				'POST',
				`/interactions/${this.id}/token/callback`,
				{},
			);
		record(this.calls, kind, payload);
	}
	private later(kind: Call['kind'], payload: unknown) {
		if (!this.replied && !this.deferred) throw new Error('InteractionNotReplied');
		record(this.calls, kind, payload);
	}

	async reply(payload: unknown) {
		this.first('reply', payload);
		this.answered.replied = true;
	}
	async deferReply(payload: unknown) {
		this.first('deferReply', payload);
		this.answered.deferred = true;
	}
	async update(payload: unknown) {
		this.first('update', payload);
		this.answered.replied = true;
	}
	async deferUpdate() {
		this.first('deferUpdate', null);
		this.answered.deferred = true;
	}
	async editReply(payload: unknown) {
		this.later('editReply', payload);
	}
	async followUp(payload: unknown) {
		this.later('followUp', payload);
	}
	async respond(choices: unknown) {
		this.first('respond', choices);
		this.answered.replied = true;
	}

	/** The payload of the `n`th answer, to look into its embeds and components. */
	payload<T>(n = 0): T {
		const call = this.calls[n];
		if (!call) throw new Error(`no answer number ${n}`);
		return call.payload as T;
	}

	/** The text the member ends up seeing (the last answer's content). */
	get text(): string {
		for (const call of [...this.calls].reverse()) {
			const content = (call.payload as { content?: string } | null)?.content;
			if (content) return content;
		}
		return '';
	}

	/** Whether the first answer was only visible to the member. */
	get ephemeral(): boolean {
		const flags = (this.calls[0]?.payload as { flags?: number } | null)?.flags ?? 0;
		return (flags & 64) !== 0;
	}
}
