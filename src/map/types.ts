/** What the map of the night shows of one play of a dream, besides its scene graph. */
export interface MapVote {
	/** The scene the vote was taken in (its name, as in the graph). */
	scene: string;
	round: number;
	/** The winning choice's text. */
	choice: string;
	/** The winning choice's votes, and the ballots cast in all. */
	votes: number;
	ballots: number;
}

export interface MapView {
	/** The dream's title and colour (24-bit). */
	title: string;
	color: number;
	/**
	 * The scenes and ending this group went through, in order (names as in the graph; a node's id, `scene:…` or
	 * `ending:…`, is taken too). Empty: no path drawn.
	 */
	path: string[];
	/** The votes taken, each in the scene it was taken in: winning choice text, its votes and the ballots cast. */
	votes: MapVote[];
	/**
	 * Names of scenes and endings this server has seen: all others are blank silhouettes, never named. A bare name
	 * names every node of that name; a node's id names that one only.
	 */
	seen: string[];
	/** The author's view: every scene and ending named, nothing hidden (for story:check --map). */
	reveal?: boolean;
}

export interface RenderedMap {
	svg: string;
	png: Buffer;
	width: number;
	height: number;
}
