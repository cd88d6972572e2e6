import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Zippable, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_LIMITS, type ArchiveRefusal, unpackStoryArchive } from '../../src/engine/archive.js';
import { FIXTURES } from '../helpers.js';

const MILL = path.join(FIXTURES, 'archives/the-mill');
const read = (file: string) => new Uint8Array(readFileSync(path.join(MILL, file)));
const text = (value: string) => new TextEncoder().encode(value);

/** The Mill's project as its author zips it: three ink files, two pictures, and a read-me. */
const millFiles = (): Zippable => ({
	'the-mill.ink': read('the-mill.ink'),
	chapters: { 'river.ink': read('chapters/river.ink'), 'loft.ink': read('chapters/loft.ink') },
	pictures: { 'mill.png': read('pictures/mill.png'), 'pool.gif': read('pictures/pool.gif') },
	'README.txt': text('Play it in Inky.'),
});

const refusalOf = (files: Zippable, name = 'the-mill.zip'): ArchiveRefusal | null => {
	const result = unpackStoryArchive(zipSync(files), name);
	return result.kind === 'refused' ? result.refusal : null;
};

describe('a story in a zip', () => {
	it('GIVEN a zip of three ink files, two pictures and a read-me WHEN unpacked THEN the main file is the one nothing includes, the others are found by the names its INCLUDEs give, and the read-me is left out', () => {
		const result = unpackStoryArchive(zipSync(millFiles()), 'the-mill.zip');
		if (result.kind !== 'unpacked') throw new Error(JSON.stringify(result));
		const { archive } = result;
		expect(archive.main).toBe('the-mill.ink');
		expect(archive.source).toContain('INCLUDE chapters/river.ink');
		expect(Object.keys(archive.includes).sort()).toEqual(['chapters/loft.ink', 'chapters/river.ink']);
		expect(archive.images['pictures/mill.png']?.type).toBe('image/png');
		expect(archive.images['pictures/pool.gif']?.type).toBe('image/gif');
		expect(Buffer.from(archive.images['pictures/mill.png']?.base64 ?? '', 'base64')).toEqual(
			Buffer.from(read('pictures/mill.png')),
		);
		expect(archive.skipped).toEqual(['README.txt']);
	});

	it('GIVEN the project zipped with its folder, Mac clutter beside it WHEN unpacked THEN names are read from the main file’s folder and the clutter is not counted as left out', () => {
		const result = unpackStoryArchive(
			zipSync({ 'the-mill': millFiles(), __MACOSX: { 'the-mill': { '._the-mill.ink': text('x') } } }),
			'the-mill.zip',
		);
		if (result.kind !== 'unpacked') throw new Error(JSON.stringify(result));
		expect(result.archive.main).toBe('the-mill/the-mill.ink');
		expect(Object.keys(result.archive.includes).sort()).toEqual(['chapters/loft.ink', 'chapters/river.ink']);
		expect(Object.keys(result.archive.images).sort()).toEqual(['pictures/mill.png', 'pictures/pool.gif']);
		expect(result.archive.skipped).toEqual(['the-mill/README.txt']);
	});

	it('GIVEN two stories nothing includes WHEN one is named as the archive is THEN it is the main one; WHEN none is THEN the zip is refused, naming both', () => {
		const two = { 'the-mill.ink': text('Hello.\n-> END'), 'other.ink': text('Hi.\n-> END') };
		const named = unpackStoryArchive(zipSync(two), 'The Mill.zip');
		expect(named.kind === 'unpacked' && named.archive.main).toBe('the-mill.ink');
		expect(refusalOf(two, 'stories.zip')).toEqual({ kind: 'no-main', candidates: ['other.ink', 'the-mill.ink'] });
	});
});

describe('a hostile zip, refused before anything is kept', () => {
	it('GIVEN a path that climbs out of the archive WHEN unpacked THEN it is refused, naming the path', () => {
		expect(refusalOf({ ...millFiles(), '../../etc/evil.ink': text('-> END') })).toEqual({
			kind: 'path-leaves',
			path: '../../etc/evil.ink',
		});
		expect(refusalOf({ '/etc/evil.ink': text('-> END') })).toMatchObject({ kind: 'path-leaves' });
	});

	it('GIVEN a zip bomb (a small file that unpacks past the limit) WHEN unpacked THEN it stops at the limit and is refused', () => {
		const bomb = zipSync({
			'the-mill.ink': read('the-mill.ink'),
			'pictures/huge.png': new Uint8Array(24 * 1024 * 1024),
		});
		expect(bomb.byteLength).toBeLessThan(200 * 1024);
		const result = unpackStoryArchive(bomb, 'the-mill.zip');
		expect(result).toEqual({
			kind: 'refused',
			refusal: { kind: 'unpacked-too-big', limit: ARCHIVE_LIMITS.unpackedBytes },
		});
	});

	it('GIVEN an archive inside the archive, by its name or by its bytes WHEN unpacked THEN it is refused', () => {
		const inner = zipSync({ 'x.ink': text('-> END') });
		expect(refusalOf({ ...millFiles(), 'more.zip': inner })).toEqual({ kind: 'nested-archive', path: 'more.zip' });
		expect(refusalOf({ ...millFiles(), 'notes.txt': inner })).toEqual({ kind: 'nested-archive', path: 'notes.txt' });
	});

	it('GIVEN a picture that is not one, or ink that is not text WHEN unpacked THEN it is refused, naming the file', () => {
		const files = millFiles() as { pictures: Zippable };
		expect(refusalOf({ ...millFiles(), pictures: { ...files.pictures, 'mill.png': text('<svg/>') } })).toEqual({
			kind: 'not-an-image',
			path: 'pictures/mill.png',
		});
		expect(refusalOf({ ...millFiles(), 'the-mill.ink': new Uint8Array([0xc3, 0x28, 0, 1]) })).toEqual({
			kind: 'not-text',
			path: 'the-mill.ink',
		});
	});

	it('GIVEN too many files, or bytes that are no zip WHEN unpacked THEN each is refused with its reason', () => {
		const many = Object.fromEntries(
			Array.from({ length: ARCHIVE_LIMITS.files + 1 }, (_, i) => [`part-${i}.txt`, text('x')]),
		);
		expect(refusalOf(many)).toEqual({ kind: 'too-many-files', limit: ARCHIVE_LIMITS.files });
		expect(unpackStoryArchive(text('INCLUDE nothing'), 'the-mill.zip')).toEqual({
			kind: 'refused',
			refusal: { kind: 'not-a-zip' },
		});
		expect(refusalOf({ 'README.txt': text('no story here') })).toEqual({ kind: 'no-ink' });
	});
});
