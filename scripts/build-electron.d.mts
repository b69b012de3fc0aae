// Types for scripts/build-electron.mjs, so TypeScript callers (the bundle smoke test) are checked.
export declare const outDir: string;
export declare function buildElectron(options?: { quiet?: boolean; outDir?: string }): Promise<void>;
