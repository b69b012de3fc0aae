// The panel's people as columns for the web host's wire: every person has the same fields, so sending each
// field's name once rather than 10,000 times makes the opening answer less than half the size, which is
// quicker to write, to send and to read. Exact: a field a person does not have comes back absent, not null.
// Only the transport uses it (web/host.ts writes, renderer/api.ts reads); the contract's type is unchanged.

export interface PeopleColumns {
  /** Marks the packed form, so a reader never mistakes it for a list of people. */
  packed: 'columns';
  columns: string[];
  rows: unknown[][];
  /** For each column some person lacks: the rows that lack it. */
  absent: Record<number, number[]>;
}

export function packPeople(people: readonly object[]): PeopleColumns {
  const index = new Map<string, number>();
  const columns: string[] = [];
  for (const person of people) {
    for (const key of Object.keys(person)) {
      if (!index.has(key)) {
        index.set(key, columns.length);
        columns.push(key);
      }
    }
  }
  const absent: Record<number, number[]> = {};
  const rows = people.map((person, row) => {
    const values = person as Record<string, unknown>;
    return columns.map((key, column) => {
      const value = values[key];
      if (value === undefined) (absent[column] ??= []).push(row);
      return value === undefined ? null : value;
    });
  });
  return { packed: 'columns', columns, rows, absent };
}

export function isPackedPeople(value: unknown): value is PeopleColumns {
  return typeof value === 'object' && value !== null && (value as { packed?: unknown }).packed === 'columns';
}

export function unpackPeople<T>(packed: PeopleColumns): T[] {
  const { columns, rows } = packed;
  const people = rows.map((values) => {
    const person: Record<string, unknown> = {};
    for (let column = 0; column < columns.length; column++) person[columns[column]!] = values[column];
    return person;
  });
  for (const [column, missing] of Object.entries(packed.absent)) {
    const key = columns[Number(column)]!;
    for (const row of missing) delete people[row]![key];
  }
  return people as T[];
}
