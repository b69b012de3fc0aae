// Plain words for the merge event in an overall panel's history: which unit panels came in, each with its
// people, its chair and the changes it made locally, and HR's choices (duplicates, people left out, open units).

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export function describeMergeEvent(after: unknown): string[] {
  if (!isRecord(after)) return ['Unit panels merged'];
  const units = Array.isArray(after.units) ? after.units.filter(isRecord) : [];
  const lines = [`${count(units.length, 'unit panel', 'unit panels')} merged: ${count(typeof after.people === 'number' ? after.people : 0, 'person', 'people')}`];
  for (const unit of units) {
    const taken = typeof unit.taken === 'number' ? unit.taken : 0;
    const changes = Array.isArray(unit.localChanges) ? unit.localChanges.length : 0;
    const status =
      unit.status === 'finalised'
        ? `finalised by ${String(unit.chair ?? 'its chair')}${typeof unit.finalisedAt === 'string' ? ` on ${unit.finalisedAt.slice(0, 10)}` : ''}`
        : 'not finalised: merged as it stood';
    lines.push(`${String(unit.label)} (${String(unit.panel)}): ${count(taken, 'person', 'people')}, ${status}, ${count(changes, 'change', 'changes')} made locally`);
  }
  const duplicates = Array.isArray(after.duplicates) ? after.duplicates.filter(isRecord) : [];
  if (duplicates.length) {
    const left = duplicates.filter((d) => d.takenFrom === null).length;
    lines.push(`${count(duplicates.length, 'staff id', 'staff ids')} in more than one unit: ${duplicates.length - left} taken from the unit HR preferred, ${left} left out`);
  }
  const excluded = Array.isArray(after.excluded) ? after.excluded.length : 0;
  if (excluded) lines.push(`${count(excluded, 'person', 'people')} left out by HR`);
  const open = Array.isArray(after.openUnits) ? after.openUnits.map(String) : [];
  if (open.length) lines.push(`HR allowed unit panels that were not finalised: ${open.join(', ')}`);
  return lines;
}
