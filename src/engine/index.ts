/** The story engine: dreams compiled with inkjs, run turn by turn, saved as JSON. Knows nothing of Discord. */
export {
	ARCHIVE_LIMITS,
	type ArchiveRefusal,
	type ImageType,
	type StoryArchive,
	storyText,
	type UnpackResult,
} from './archive.js';
export { type Catalogue, includedFiles, listStoryFiles, loadCatalogue, STORY_DIR } from './catalogue.js';
export {
	type CheckOptions,
	checkStory,
	LIMITS,
	type StoryReport,
	type StoryShape,
	type StoryStats,
} from './check.js';
export {
	type CompiledStory,
	type CompileResult,
	compileFile,
	DEFAULT_COLOR,
	type External,
	type StoryMeta,
	storyIdFromFileName,
	storyIdOf,
	storyMeta,
	type Voice,
} from './compile.js';
export { type Diagnostic, formatDiagnostic, type Severity } from './diagnostics.js';
export { LruMap } from './lru.js';
export { beatDelayMs, DEFAULT_PACE, type PaceOptions } from './pace.js';
export {
	type Beat,
	type ChoiceOption,
	endingNameOf,
	FADED_ENDING,
	type Passage,
	type RunFailure,
	type RunnerOptions,
	type RunResult,
	SAVE_FORMAT_VERSION,
	type StoryEnd,
	StoryRunner,
	type StorySave,
} from './runner.js';
export { SAMPLE_PLAYS, type Sample, type SampleOptions, type Spread, samplePlays } from './sample.js';
export {
	type GraphResult,
	SANDBOX_LIMITS,
	type SandboxLimits,
	type SandboxResult,
	type ShapeResult,
	type StoryOptions,
	StorySandbox,
} from './sandbox.js';
export {
	endingId,
	type GraphCoverage,
	type SceneGraph,
	type SceneGraphOptions,
	type SceneNode,
	sceneGraph,
	sceneId,
} from './scene-graph.js';
export { POOL_LIMITS, PooledTeller, type PooledTellerOptions, type PoolLimits } from './story-pool.js';
export { InProcessTeller, type StoryTeller, type TellableStory, tellableOf } from './teller.js';
