/** What a moderator is answered when adding a dream to the server or removing one (`/dream add`, `/dream remove`). */
import type { ArchiveRefusal, Diagnostic, StoryShape } from '../../engine/index.js';
import type { AddedFiles, AddOutcome, RemoveOutcome } from '../../sessions/sessions.js';

/** Diagnostics shown in an answer at most (the message must stay readable and under 2,000 characters). */
const SHOWN_AT_MOST = 5;
/** Discord's limit on a message's content. */
const CONTENT_LIMIT = 2000;

/** A size as a member reads it: KB, or MB from a megabyte on. */
const kb = (bytes: number) =>
	bytes >= 1024 * 1024
		? `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`
		: `${Math.ceil(bytes / 1024)} KB`;

/** A diagnostic for an answer: its line, and what it says. */
const place = (d: Diagnostic) => (d.line === undefined ? d.message : `line ${d.line}: ${d.message}`);

function listed(title: string, items: readonly Diagnostic[]): string {
	if (items.length === 0) return '';
	const shown = items.slice(0, SHOWN_AT_MOST).map((d) => `- ${place(d)}`);
	const more = items.length > SHOWN_AT_MOST ? ` (the first ${SHOWN_AT_MOST} of ${items.length})` : '';
	return `\n**${title}${more}:**\n${shown.join('\n')}`;
}

const clip = (text: string) => (text.length <= CONTENT_LIMIT ? text : `${text.slice(0, CONTENT_LIMIT - 1)}…`);

const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

/**
 * A story's counts as the check had them: all of them when it explored every state; when it is too large for that,
 * the endings its sample plays saw, said so (branch points are then known only in the part explored, and left out).
 */
function shapeCounts(story: { branchPoints: number; endings: number }, shape: StoryShape): string {
	if (shape.kind === 'sampled')
		return `${count(story.endings, 'ending')} seen in ${count(shape.plays, 'sample play')} (too large to explore whole)`;
	return `${count(story.branchPoints, 'branch point')}, ${count(story.endings, 'ending')}`;
}

/** The answer to `/dream add`, in words for the moderator who added the file. */
export function addedText(outcome: AddOutcome, fileName: string): string {
	switch (outcome.kind) {
		case 'added': {
			const { story, stats, warnings, replaced } = outcome;
			const counts = shapeCounts(story, stats.shape);
			const verb = replaced ? 'Replaced this server’s earlier version of' : 'Added';
			const after = replaced
				? ' Channels already in it go on from where they are if the new version still has their place; otherwise they stop and are told the dream changed.'
				: '';
			return clip(
				`${verb} **${story.title}** (\`${story.id}\`): ${counts}.${filesWords(outcome.files)} \`/dream start story:${story.id}\` begins it.${after}${listed('Warnings', warnings)}`,
			);
		}
		case 'archive-refused':
			return `“${fileName}” was not added: ${archiveRefusalWords(outcome.refusal)}. Nothing of it was kept.`;
		case 'invalid':
			return clip(
				`“${fileName}” was not added: the story has ${outcome.errors.length} error${outcome.errors.length === 1 ? '' : 's'}. Fix ${outcome.errors.length === 1 ? 'it' : 'them'} (Inky shows the same lines) and add it again.${listed('Errors', outcome.errors)}${listed('Warnings', outcome.warnings)}`,
			);
		case 'refused':
			return `“${fileName}” was not added: ${outcome.reason}.`;
		case 'too-big':
			return `“${fileName}” is ${kb(outcome.bytes)}; a story may be at most ${kb(outcome.limit)}. Nothing was added.`;
		case 'not-text':
			return `“${fileName}” is not a text file. Add the story's \`.ink\` source, as Inky saves it. Nothing was added.`;
		case 'bad-name':
			return outcome.reason === 'not-ink'
				? `“${fileName}” is neither an \`.ink\` file nor a \`.zip\`. Add the story's ink source, as Inky saves it, or a \`.zip\` of its project. Nothing was added.`
				: `“${fileName}” gives the dream no id: name the file with letters or digits (its name becomes the dream's id). Nothing was added.`;
		case 'built-in':
			return `\`${outcome.id}\` is a built-in dream's id, which a server cannot replace. Rename the file and add it again.`;
		case 'full':
			return `This server already has ${outcome.limit} dreams of its own, the most it may have. \`/dream remove\` one first. Nothing was added.`;
	}
}

/** What came with a story's zip, as a sentence after the counts; nothing for a story of one file. */
function filesWords(files: AddedFiles | null): string {
	if (!files) return '';
	const left =
		files.skipped.length > 0
			? ` Left out (neither ink nor a picture): ${files.skipped.map((f) => `\`${f}\``).join(', ')}.`
			: '';
	return ` It came with ${count(files.ink, 'ink file')} and ${count(files.images, 'picture')}.${left}`;
}

/** Why a story's zip was refused. */
export function archiveRefusalWords(refusal: ArchiveRefusal): string {
	switch (refusal.kind) {
		case 'not-a-zip':
			return 'it cannot be read as a zip';
		case 'too-many-files':
			return `it holds more than ${refusal.limit} files`;
		case 'unpacked-too-big':
			return `it unpacks to more than ${kb(refusal.limit)}`;
		case 'path-leaves':
			return `the path \`${refusal.path}\` leaves the archive`;
		case 'nested-archive':
			return `\`${refusal.path}\` is an archive inside the archive; unpack it into the project instead`;
		case 'not-an-image':
			return `\`${refusal.path}\` is named as a picture but is not a PNG, JPEG, GIF or WebP image`;
		case 'not-text':
			return `\`${refusal.path}\` is not a text file, as ink is`;
		case 'ink-too-big':
			return `\`${refusal.path}\` is larger than ${kb(refusal.limit)}, the most one ink file may be`;
		case 'unsupported':
			return `\`${refusal.path}\` is compressed in a way Reverie does not unpack (only deflate, as every zip tool uses by default)`;
		case 'no-ink':
			return 'it holds no `.ink` file';
		case 'no-main':
			return `it holds several stories that nothing includes (${refusal.candidates.map((f) => `\`${f}\``).join(', ')}): name the main one as the zip is named`;
	}
}

/** `/dream add` when the file could not be fetched from Discord; `why` is what went wrong. */
export const downloadFailedText = (fileName: string, why: string) =>
	`“${fileName}” could not be downloaded from Discord (${why}). Nothing was added; try again.`;

/** The answer to `/dream remove`. */
export function removedText(outcome: RemoveOutcome): string {
	switch (outcome.kind) {
		case 'removed': {
			const { story, stopped } = outcome;
			const channels =
				stopped === 0
					? 'No channel was in it.'
					: `${stopped} channel${stopped === 1 ? ' was' : 's were'} in it: ${stopped === 1 ? 'its dream has' : 'their dreams have'} ended, and ${stopped === 1 ? 'it was' : 'they were'} told why (its text is gone from this server, so they cannot go on).`;
			return `Removed **${story.title}** (\`${story.id}\`) from this server's dreams. ${channels}`;
		}
		case 'unknown':
			return `This server has no dream of its own called \`${outcome.storyId}\`. \`/dream list\` shows them.`;
		case 'built-in':
			return `\`${outcome.storyId}\` is a built-in dream; only a server's own dreams can be removed.`;
	}
}
