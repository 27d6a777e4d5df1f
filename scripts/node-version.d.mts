/** The lowest Node.js version Reclib runs on ("22.12.0"). */
export declare const MIN_NODE: string;
/** True when `version` (default: this process's) is at least MIN_NODE. */
export declare function nodeVersionOk(version?: string): boolean;
/** The sentence to show when `version` is too old, or null when it is fine. */
export declare function nodeVersionProblem(version?: string): string | null;
/** Prints the problem to stderr and exits 1 when this Node is too old; returns quietly otherwise. */
export declare function requireNode(): void;
