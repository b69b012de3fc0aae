// What the JSON files people write by hand have in common (the import mapping, db/import/mappingFile.ts; the
// export mapping, db/exportMapping.ts): read as UTF-8 with or without a byte order mark, checked against a zod
// schema, and every problem reported with where it is in the JSON, in the form people read it.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { z } from 'zod';

export interface JsonProblem {
  /** Where in the JSON, as jsonPath writes it; '' for the file as a whole. */
  path: string;
  message: string;
}

/** A JSON file that cannot be used: every problem, each with where it is in the JSON. */
export class JsonFileError extends Error {
  constructor(
    /** What the file is, as the message starts: "Mapping file", "Export mapping". */
    what: string,
    readonly file: string,
    readonly problems: readonly JsonProblem[],
  ) {
    super(`${what} ${file} cannot be used:\n${problems.map((p) => `  - ${p.path === '' ? '' : `at ${p.path}: `}${p.message}`).join('\n')}`);
  }
}

/** Makes the error for a file (its base name) with these problems. */
export type JsonFailure = (file: string, problems: JsonProblem[]) => JsonFileError;

/** JSON path as people read it: columns[2].source, values.provisional_marking["Fully Meets"]. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(key))) text += text === '' ? String(key) : `.${String(key)}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

/** Edits (insert, delete, substitute) between two names: a name within two of a known one is a likely typo. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** Checks parsed JSON against `schema`; throws `fail` with every problem and its path. */
export function validateJson<S extends z.ZodType>(schema: S, json: unknown, fileName: string, fail: JsonFailure): z.output<S> {
  const result = schema.safeParse(json);
  if (!result.success) throw fail(basename(fileName), result.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message })));
  return result.data;
}

/** JSON text (a byte order mark before it is allowed) as a value; throws `fail` when it is not JSON. */
export function parseJsonText(text: string, fileName: string, fail: JsonFailure): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw fail(basename(fileName), [{ path: '', message: `not valid JSON: ${(error as Error).message}` }]);
  }
}

/** The file's text; throws `fail` when it cannot be read. */
export function readJsonText(path: string, fail: JsonFailure): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw fail(basename(path), [{ path: '', message: `cannot be read: ${(error as Error).message}` }]);
  }
}
