// What the page gets from the playground's server (src/dev/playground/http.ts), as the page reads it. The page is
// typed apart from the server, in a project with the browser's types and without Node's, so the shapes are stated
// here; tests/playground/page.test.ts checks, when the project is typechecked, that they match the server's.

/** The local Discord's server as the page draws it. Equal to `WorldView` in views.ts. */
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

/** A row of buttons: a legacy message's only component, and one of a Components V2 layout's. */
export interface ButtonRow {
	type: 1;
	components: Button[];
}

/** A button beside a section's text; Discord's `APIButtonComponent` satisfies it. */
export interface SectionButton extends Button {
	type: 2;
}

/** A picture a component names: `attachment://<filename>` of the message's files, or a web address. */
export interface Media {
	url: string;
}

/** Discord's markdown, with headings and `-#` small lines. */
export interface TextDisplay {
	type: 10;
	content: string;
}

/** A small picture beside a section's text; `description` is its alt text. */
export interface Thumbnail {
	type: 11;
	media: Media;
	description?: string | null;
	spoiler?: boolean;
}

/** One to three texts with a button or a thumbnail on their right. */
export interface Section {
	type: 9;
	components: TextDisplay[];
	accessory: SectionButton | Thumbnail;
}

export interface GalleryItem {
	media: Media;
	/** Its alt text. */
	description?: string | null;
	spoiler?: boolean;
}

/** One to ten pictures: one full width, more in a grid. */
export interface MediaGallery {
	type: 12;
	items: GalleryItem[];
}

/** A file of the message (`attachment://<filename>` only), drawn as Discord draws an attached file. */
export interface FileComponent {
	type: 13;
	file: Media;
	spoiler?: boolean;
}

/** A line (`divider`, the default) or blank space, small (1, the default) or large (2). */
export interface Separator {
	type: 14;
	divider?: boolean;
	spacing?: number;
}

/** What a container holds. */
export type ContainerChild = ButtonRow | TextDisplay | Section | MediaGallery | FileComponent | Separator;

/** A rounded box around its components, with its accent colour as a bar on its left edge (none when null). */
export interface Container {
	type: 17;
	components: ContainerChild[];
	accent_color?: number | null;
	spoiler?: boolean;
}

/**
 * A component at the top of a message: rows of buttons only in the legacy layout; any of these with the
 * IS_COMPONENTS_V2 flag. Discord's `APIMessageTopLevelComponent` satisfies it.
 */
export type TopLevelComponent = ContainerChild | Container;

/** A file of a message; equal to `AttachmentView` in views.ts. */
export interface Attachment {
	filename: string;
	url: string;
	size: number;
}

/** A message as the page draws it. Equal to `MessageView` in views.ts, but for the embeds' and components' shapes. */
export interface MessageView {
	id: string;
	channelId: string;
	author: { id: string; name: string; bot: boolean };
	content: string;
	embeds: Embed[];
	components: TopLevelComponent[];
	/** Discord's message flags: with IS_COMPONENTS_V2 (1 << 15) the message is laid out from its components alone. */
	flags: number;
	/** Its files, which its components name as `attachment://<filename>`. */
	attachments: Attachment[];
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

/** A thread as the sidebar lists it under its channel; equal to `ThreadView` in threads-events.ts. */
export interface ThreadView {
	id: string;
	/** The text channel it is in. */
	parentId: string;
	name: string;
	/** Who started it. */
	ownerId: string;
	private: boolean;
	archived: boolean;
	locked: boolean;
	createdAt: string;
}

/** Discord's statuses of a scheduled event, by name. */
export type EventStatus = 'scheduled' | 'active' | 'completed' | 'canceled';

/** A scheduled event as the events panel lists it; equal to `ScheduledEventView` in threads-events.ts. */
export interface ScheduledEventView {
	id: string;
	name: string;
	description: string | null;
	/** ISO 8601. */
	start: string;
	end: string | null;
	status: EventStatus;
	/** Where it happens: an external event's location. */
	location: string | null;
	/** How many members are interested in it. */
	interestedCount: number;
	/** Whether the member the page acts as is one of them. */
	interested: boolean;
}

/** The events of `GET /api/events`, by name: a snapshot first, then each change. */
export interface StreamEvents {
	snapshot: {
		world: WorldView;
		viewer: string;
		/** By channel or thread id: the text channels' and the threads' the viewer sees. */
		messages: Record<string, MessageView[]>;
		threads: ThreadView[];
		events: ScheduledEventView[];
	};
	message: { kind: 'create' | 'update' | 'delete'; message: MessageView };
	typing: { channelId: string; userId: string };
	world: WorldView;
	violation: { kind: string; detail: string };
	/** The threads the viewer sees, whole, after any change to one. */
	threads: ThreadView[];
	/** The server's scheduled events as the viewer sees them, whole, after any change to one. */
	'scheduled-events': ScheduledEventView[];
}
