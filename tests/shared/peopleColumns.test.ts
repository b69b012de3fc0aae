// The web host sends the panel's people as columns (shared/peopleColumns.ts): what the window unpacks must be
// exactly what the host had, field for field, including fields a person does not have at all.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPackedPeople, packPeople, unpackPeople } from '../../shared/peopleColumns';

const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.record({ kind: fc.string(), text: fc.string() }), { maxLength: 2 }));
const person = fc.record(
  { staffId: fc.string(), name: fc.string(), sortKey: fc.integer(), flags: fc.array(fc.string(), { maxLength: 2 }), source: value, previousMarking1: value },
  { requiredKeys: ['staffId', 'name', 'sortKey', 'flags'] },
);

describe('the people as columns', () => {
  it('unpacks, through JSON, to the same people with the same fields', () => {
    fc.assert(
      fc.property(fc.array(person, { maxLength: 30 }), (people) => {
        const wire = JSON.parse(JSON.stringify(packPeople(people))) as unknown;
        expect(isPackedPeople(wire)).toBe(true);
        const back = unpackPeople<Record<string, unknown>>(wire as ReturnType<typeof packPeople>);
        // Against the people as plain JSON would have carried them (the answer was JSON before).
        expect(back).toStrictEqual(JSON.parse(JSON.stringify(people)));
        back.forEach((p, i) => expect(Object.keys(p).sort()).toEqual(Object.keys(people[i]!).sort()));
      }),
    );
  });

  it('keeps a field that is null apart from a field that is not there', () => {
    const back = unpackPeople<Record<string, unknown>>(JSON.parse(JSON.stringify(packPeople([{ a: 1, source: null }, { a: 2 }]))));
    expect(back[0]).toStrictEqual({ a: 1, source: null });
    expect(back[1]).toStrictEqual({ a: 2 });
    expect('source' in back[1]!).toBe(false);
  });

  it('is never mistaken for a list of people', () => {
    expect(isPackedPeople([])).toBe(false);
    expect(isPackedPeople(null)).toBe(false);
    expect(isPackedPeople(packPeople([]))).toBe(true);
  });
});
