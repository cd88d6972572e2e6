// What the page gets from the playground's server (src/playground/http.ts), as the page reads it. The page is typed
// apart from the server, in a project with the browser's types and without Node's, so the shapes are stated here;
// tests/playground/page-types.test.ts checks, when the project is typechecked, that they match the server's.

/** The local Discord's server as the page draws it. Equal to `WorldView` in http.ts. */
export interface WorldView {
	guild: { id: string; name: string };
	bot: { id: string; name: string };
	channels: { id: string; name: string }[];
	roles: { id: string; name: string }[];
	members: { id: string; name: string; moderator: boolean }[];
	moderatorRole: string;
}

/** The parts of a Discord embed the page draws; Discord's `APIEmbed` satisfies it. */
export interface Embed {
	color?: number;
	author?: { name?: string };
	title?: string;
	description?: string;
	fields?: { name: string; value: string; inline?: boolean }[];
	footer?: { text?: string };
	/** An image under the embed: the map of the night, served by the local Discord as an attachment. */
	image?: { url?: string };
}

/** A button as the page draws it; Discord's `APIButtonComponent` satisfies it. */
export interface Button {
	style?: number;
	label?: string;
	custom_id?: string;
	url?: string;
	disabled?: boolean;
}

export interface ButtonRow {
	components?: Button[];
}

/** A message as the page draws it. Equal to `MessageView` in http.ts, but for the embeds' and buttons' shapes. */
export interface MessageView {
	id: string;
	channelId: string;
	author: { id: string; name: string; bot: boolean };
	content: string;
	embeds: Embed[];
	components: ButtonRow[];
	timestamp: string;
	edited: boolean;
	/** Only the viewer sees it ("Only you can see this"). */
	ephemeral: boolean;
	/** A deferred reply: "Reverie is thinking…". */
	loading: boolean;
	/** For a reply to a member's command or click: who, and the command they typed or the button they clicked. */
	interaction?: { userId: string; name: string; command?: string; button?: string };
}

/** One line of the suggestion pop-up; equal to `Suggestion` in suggestions.ts. */
export interface Suggestion {
	label: string;
	description?: string;
	/** The whole box after choosing it; a hint without one is not chosen. */
	text?: string;
}

/** The answer to `POST /api/suggest`; equal to `Suggestions` in suggestions.ts. */
export interface Suggestions {
	title: string;
	items: Suggestion[];
	/** Whether the box as it stands is a command that can be sent. */
	complete: boolean;
	/** For an attachment option: the box's text before the file, which the page's file picker completes. */
	upload?: string;
}

/** The answer to `POST /api/attachments`: a file uploaded for a command's attachment option. */
export interface UploadedFile {
	id: string;
	filename: string;
	size: number;
}

/** What the page reads of the answer to `POST /api/command`. */
export interface CommandResult {
	failed: boolean;
	/** The command as typed, e.g. `/dream start`. */
	label: string;
}

/** What the page reads of the answer to `POST /api/click`. */
export interface ClickResult {
	failed: boolean;
}

/** The answer to `POST /api/members`. */
export interface MemberView {
	id: string;
	name: string;
	moderator: boolean;
}

/** The events of `GET /api/events`, by name: a snapshot first, then each change. */
export interface StreamEvents {
	snapshot: { world: WorldView; viewer: string; messages: Record<string, MessageView[]> };
	message: { kind: 'create' | 'update' | 'delete'; message: MessageView };
	typing: { channelId: string; userId: string };
	world: WorldView;
	violation: { kind: string; detail: string };
}
