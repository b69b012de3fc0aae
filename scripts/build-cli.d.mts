// Types for scripts/build-cli.mjs, so TypeScript callers (tests, the bench) are checked.
export declare const cliOutDir: string;
export declare const CLI_BUNDLE: string;
export declare const CLI_INPUTS: string;
export declare function buildCli(options?: { quiet?: boolean; outDir?: string }): Promise<string>;
