/** How bad a finding is: an error fails `story:check`; a warning is shown but does not. */
export type Severity = 'error' | 'warning';

/** One finding about a story, with its place in the source wherever ink knows it. */
export interface Diagnostic {
	severity: Severity;
	file: string;
	/** 1-based line in `file`, when known. */
	line?: number;
	message: string;
}

/** The kinds of inkjs's `onError` (its `ErrorType` enum is not exported from the package's entry point). */
export const INK_ERROR_TYPE = { author: 0, warning: 1, error: 2 } as const;

// inkjs reports compiler problems as one string each, e.g. "ERROR: 'dream.ink' line 13: Divert target not found".
const INK_MESSAGE = /^(ERROR|WARNING|TODO|RUNTIME ERROR|RUNTIME WARNING):\s*(?:'([^']*)'\s*)?(?:line (\d+):\s*)?(.*)$/s;

/** Turns one of inkjs's message strings into a {@link Diagnostic}, keeping the file and line it names. */
export function parseInkMessage(raw: string, fallbackFile: string, severity: Severity): Diagnostic {
	const match = INK_MESSAGE.exec(raw.trim());
	if (!match) return { severity, file: fallbackFile, message: raw.trim() };
	const [, , file, line, message] = match;
	const diagnostic: Diagnostic = { severity, file: file || fallbackFile, message: (message ?? raw).trim() };
	if (line) diagnostic.line = Number(line);
	return diagnostic;
}

/** `file:line: severity: message`, the shape editors and terminals turn into links. */
export function formatDiagnostic(d: Diagnostic): string {
	const place = d.line === undefined ? d.file : `${d.file}:${d.line}`;
	return `${place}: ${d.severity}: ${d.message}`;
}
