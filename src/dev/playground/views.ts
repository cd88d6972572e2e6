/**
 * What the page is sent of the local Discord: a message as it draws it, and the server around the channels. The
 * page states the same shapes in `page/types.d.ts`, which tests/playground/page.test.ts holds to these.
 */
import { InteractionType, MessageFlags } from 'discord-api-types/v10';
import type { StoredMessage } from '../local-discord/server.js';

/** A message as the page draws it: Discord's fields it needs, and who sees it. */
export interface MessageView {
	id: string;
	channelId: string;
	author: { id: string; name: string; bot: boolean };
	content: string;
	embeds: unknown[];
	components: unknown[];
	/** Discord's message flags: with IS_COMPONENTS_V2 (1 << 15) the page lays the message out from its components. */
	flags: number;
	/** Its files, to which its components' `attachment://<filename>` urls are resolved, as Discord's client does. */
	attachments: AttachmentView[];
	timestamp: string;
	edited: boolean;
	/** Only the viewer sees it ("Only you can see this"). */
	ephemeral: boolean;
	/** A deferred reply: "Reverie is thinking…". */
	loading: boolean;
	/** For a reply to a member's command or click: who, and the command they typed or the button they clicked. */
	interaction?: { userId: string; name: string; command?: string; button?: string };
}

/** A file of a message as the page shows it: its name, its link, and its size for a file component. */
export interface AttachmentView {
	filename: string;
	url: string;
	size: number;
}

export interface WorldView {
	guild: { id: string; name: string };
	bot: { id: string; name: string };
	channels: { id: string; name: string }[];
	roles: { id: string; name: string }[];
	members: { id: string; name: string; moderator: boolean }[];
	moderatorRole: string;
}

/** A stored message as the page draws it; `labels` are the commands typed (or buttons clicked), by interaction id. */
export function messageView(message: StoredMessage, labels: ReadonlyMap<string, string>): MessageView {
	const meta = message.interaction_metadata;
	return {
		id: message.id,
		channelId: message.channel_id,
		author: { id: message.author.id, name: message.author.global_name, bot: Boolean(message.author.bot) },
		content: message.content,
		embeds: message.embeds,
		components: message.components,
		flags: message.flags,
		attachments: (message.attachments ?? []).map(({ filename, url, size }) => ({ filename, url, size })),
		timestamp: message.timestamp,
		// Discord marks edits of channel messages only: a deferred reply filled in, or an answer updated by its
		// button, is not "(edited)".
		edited: message.edited_timestamp !== null && !meta,
		ephemeral: message.visibleTo !== undefined || (message.flags & MessageFlags.Ephemeral) !== 0,
		loading: (message.flags & MessageFlags.Loading) !== 0,
		...(meta
			? {
					interaction: {
						userId: meta.user.id,
						name: meta.user.global_name,
						...(labels.has(meta.id)
							? { [meta.type === InteractionType.ApplicationCommand ? 'command' : 'button']: labels.get(meta.id) }
							: {}),
					},
				}
			: {}),
	};
}
