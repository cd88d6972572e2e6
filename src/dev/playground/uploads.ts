/**
 * Files the playground's members upload: for a command's attachment option (the message box's file picker), and
 * the `.ink` file dropped on the channel, which becomes `/dream add file:<it>`. Each goes to the local Discord as a
 * member's client uploads it, so the bot gets the attachment exactly as Discord would give it.
 */
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { ATTACHMENT_SIZE_LIMIT, type LocalDiscord } from '../local-discord/server.js';
import { type CommandSchema, isNesting } from './command-line.js';
import { RequestError } from './page-server.js';

/** The largest upload's JSON body: its bytes as base64 (4 characters for 3 bytes), and room for the rest. */
export const UPLOAD_BODY_LIMIT = Math.ceil((ATTACHMENT_SIZE_LIMIT * 4) / 3) + 64 * 1024;
/** The command a dropped file runs, as registered: `/dream add` with an attachment option. */
const DROP_COMMAND = { name: 'dream', subcommand: 'add' };
/** Uploads the playground keeps for each member (the newest): enough to pick again, not a heap of old stories. */
const KEPT_PER_MEMBER = 20;

/** A file as the page posts it: its name, its bytes as base64, and the type the browser gave it. */
export interface UploadBody {
	filename?: unknown;
	content?: unknown;
	contentType?: unknown;
}

/** The answer to `POST /api/attachments`. */
export interface UploadedFile {
	id: string;
	filename: string;
	size: number;
}

interface Upload {
	id: string;
	name: string;
	user: string;
}

export class Uploads {
	private uploads: Upload[] = [];

	constructor(private readonly discord: LocalDiscord) {}

	/** Uploads a file as `user`'s client does; a refusal (no name, too large) is a sentence for the page. */
	upload(user: string, body: UploadBody): UploadedFile {
		const filename = typeof body.filename === 'string' ? body.filename.trim() : '';
		if (!filename) throw new RequestError('Say which file this is ("filename").');
		if (typeof body.content !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(body.content))
			throw new RequestError(`The content of ${filename} must be sent as base64.`);
		const bytes = Buffer.from(body.content, 'base64');
		if (bytes.length > ATTACHMENT_SIZE_LIMIT)
			throw new RequestError(
				`${filename} is ${megabytes(bytes.length)}: Discord takes files up to ${megabytes(ATTACHMENT_SIZE_LIMIT)}.`,
				413,
			);
		const contentType = typeof body.contentType === 'string' && body.contentType ? body.contentType : undefined;
		let attachment: ReturnType<LocalDiscord['attachments']['upload']>;
		try {
			attachment = this.discord.attachments.upload({
				filename,
				content: bytes,
				...(contentType ? { contentType } : {}),
			});
		} catch (error) {
			throw new RequestError(`${filename} cannot be uploaded: ${error instanceof Error ? error.message : error}.`);
		}
		const mine = this.uploads.filter((u) => u.user === user);
		const dropped = new Set(mine.slice(0, Math.max(0, mine.length - KEPT_PER_MEMBER + 1)).map((u) => u.id));
		this.uploads = [...this.uploads.filter((u) => !dropped.has(u.id)), { id: attachment.id, name: filename, user }];
		return { id: attachment.id, filename, size: attachment.size };
	}

	/** What `user` uploaded, newest first, as an attachment option finds it (by id or file name). */
	of(user: string): { id: string; name: string }[] {
		return this.uploads
			.filter((u) => u.user === user)
			.reverse()
			.map(({ id, name }) => ({ id, name }));
	}
}

/** Why a dropped file cannot become a dream: it is not ink. */
export function checkDroppedName(filename: unknown): void {
	const name = typeof filename === 'string' ? filename.trim() : '';
	if (!/\.ink$/i.test(name))
		throw new RequestError(
			`Only an .ink file can be dropped here to add a dream${name ? `: ${name} is not one` : ''}. Write the story in ink (as Inky saves it) and drop the .ink file.`,
		);
}

/**
 * The command line a dropped file runs, up to its attachment's id: `/dream add file:`, its option's name read from
 * the registration. When Reverie registered no such command, a sentence that says so.
 */
export function dropCommandLine(commands: CommandSchema[]): string {
	const { name, subcommand } = DROP_COMMAND;
	const add = commands.find((c) => c.name === name)?.options?.find((o) => isNesting(o) && o.name === subcommand);
	const file = add?.options?.find((o) => o.type === ApplicationCommandOptionType.Attachment);
	if (!file)
		throw new RequestError(
			`Dropping an .ink file runs /${name} ${subcommand} file:<it>, but this Reverie has no /${name} ${subcommand} command with a file option registered, so the dream cannot be added.`,
			409,
		);
	return `/${name} ${subcommand} ${file.name}:`;
}

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
