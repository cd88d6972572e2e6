/** A corridor of `rooms` scenes, each leading to the next two and to waking: wide and deep enough to bound. */
export function corridorSource(rooms: number): string {
	const knots = Array.from({ length: rooms }, (_, i) =>
		[
			`=== room${i} ===`,
			`Room ${i} of the long house. # scene: Room ${i}`,
			...(i + 1 < rooms ? [`* [On] -> room${i + 1}`] : []),
			...(i + 2 < rooms ? [`* [Skip] -> room${i + 2}`] : []),
			'* [Wake]',
			`  You wake in room ${i}. # ending: Woken in room ${i}`,
			'  -> END',
		].join('\n'),
	);
	return ['# title: The Long House', 'VAR steps = 0', '-> room0', ...knots].join('\n');
}
