import { type FieldProblem, invalidForm, type Violate } from './errors.js';

/**
 * Checks of a body's fields as Discord makes them, each adding to a list of problems with Discord's codes and
 * sentences (BASE_TYPE_REQUIRED, BASE_TYPE_BAD_LENGTH, ...), which {@link refuseForm} answers as an invalid form body.
 */
export class FormChecks {
	readonly problems: FieldProblem[] = [];

	add(path: string, code: string, message: string): void {
		this.problems.push({ path, code, message });
	}

	required(path: string): void {
		this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
	}

	/** A string of `min` to `max` characters; `optional` lets it be left out (or null, when `nullable`). */
	string(
		path: string,
		value: unknown,
		min: number,
		max: number,
		options: { optional?: boolean; nullable?: boolean } = {},
	) {
		if (value === undefined || (value === null && options.nullable)) {
			if (!options.optional) this.required(path);
			return;
		}
		if (typeof value !== 'string') {
			this.add(path, 'STRING_TYPE_CONVERT', 'Could not interpret value as string.');
			return;
		}
		if (value.length < min || value.length > max)
			this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
	}

	/** One of the values Discord takes, when given. */
	choice(path: string, value: unknown, choices: readonly unknown[]): void {
		if (value !== undefined && !choices.includes(value))
			this.add(path, 'BASE_TYPE_CHOICES', `Value must be one of (${choices.join(', ')}).`);
	}

	/** A whole number from `min` to `max`, when given (or null, when `nullable`). */
	integer(path: string, value: unknown, min: number, max: number, nullable = false): void {
		if (value === undefined || (value === null && nullable)) return;
		if (typeof value !== 'number' || !Number.isInteger(value)) {
			this.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not int.`);
			return;
		}
		if (value < min) this.add(path, 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${min}.`);
		if (value > max) this.add(path, 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${max}.`);
	}

	/** A snowflake (a string of digits), when given: what `before` and `after` take. */
	snowflake(path: string, value: string | null | undefined): void {
		if (value !== undefined && value !== null && !/^\d{1,20}$/.test(value))
			this.add(path, 'NUMBER_TYPE_COERCE', `Value "${value}" is not snowflake.`);
	}

	/** true or false, when given. */
	boolean(path: string, value: unknown): void {
		if (value !== undefined && typeof value !== 'boolean')
			this.add(path, 'BOOLEAN_TYPE_CONVERT', 'Must be either true or false.');
	}

	/** An ISO 8601 time, as epoch milliseconds; undefined (and a problem) when it is not one. */
	time(path: string, value: unknown): number | undefined {
		const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
		if (Number.isNaN(at))
			this.add(path, 'DATE_TIME_TYPE_PARSE', `Could not parse ${String(value)}. Should be ISO8601.`);
		return Number.isNaN(at) ? undefined : at;
	}
}

/** Refuses a body with problems as Discord does (400, 50035, `errors`), recording each one as a violation. */
export function refuseForm(violate: Violate, where: string, checks: FormChecks): void {
	if (checks.problems.length === 0) return;
	for (const problem of checks.problems) violate('limit', `${where}: ${problem.path}: ${problem.message}`);
	throw invalidForm(checks.problems);
}

/** A query string's boolean as Discord reads it (`true`, `True` or `1`). */
export const queryFlag = (url: URL, name: string): boolean => /^(true|1)$/i.test(url.searchParams.get(name) ?? '');
