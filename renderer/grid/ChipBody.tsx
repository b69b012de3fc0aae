// The dense ways to draw a person: a compact row (name, grade, the moved-from line, status icons) and a chip
// (name, grade, status icons), so a whole panel fits on one projected screen. Every icon has its words as
// its accessible name and tooltip; none is colour alone. Never a protected characteristic.

import { FLAG_LABELS, type Person } from '../../shared/domain';
import { hasCorporateContribution, type DiscussionReason } from '../../shared/rules';
import { isChanged } from './boxes';
import { displayName } from './CardBody';
import { reasonOnScreen } from '../components/projection';

export interface StatusIcon {
  key: string;
  glyph: string;
  /** What the icon means, in words: its accessible name and tooltip. */
  words: string;
  tone: 'warning' | 'flag' | 'good' | 'changed' | 'muted';
}

const FLAG_GLYPH: Record<Person['flags'][number]['kind'], string> = {
  borderline_up: '▲',
  borderline_down: '▼',
  discuss: '⚑',
  other: '✎',
};

/** The statuses worth a glance, most urgent first. Finance "Met" is the usual case, so it has no icon. */
export function statusIcons(person: Person, discussion: DiscussionReason[] | undefined, hideDetails: boolean): StatusIcon[] {
  const icons: StatusIcon[] = [];
  if (person.financeObjective === 'Not met') icons.push({ key: 'finance', glyph: '£✗', words: 'Finance objective not met', tone: 'warning' });
  else if (person.financeObjective === 'Not assessed') icons.push({ key: 'finance', glyph: '£?', words: 'Finance objective not assessed', tone: 'muted' });
  if (person.poorPerformanceMeasures) icons.push({ key: 'ppm', glyph: '!', words: 'Formal poor performance measures', tone: 'warning' });
  for (const flag of person.flags) {
    const label = flag.kind === 'other' ? (hideDetails ? FLAG_LABELS.other : flag.text || FLAG_LABELS.other) : FLAG_LABELS[flag.kind];
    icons.push({ key: `flag-${flag.kind}`, glyph: FLAG_GLYPH[flag.kind], words: `Flag: ${label}`, tone: 'flag' });
  }
  if (isChanged(person)) icons.push({ key: 'moved', glyph: '⇅', words: `Moved from ${person.provisionalMarking ?? 'not marked'}`, tone: 'changed' });
  if (hasCorporateContribution(person)) icons.push({ key: 'contribution', glyph: '★', words: 'Corporate contribution evidenced', tone: 'good' });
  if (discussion && discussion.length > 0) {
    icons.push({ key: 'suggested', glyph: '?', words: `Suggested for discussion: ${discussion.map((r) => reasonOnScreen(r.text, hideDetails)).join('; ')}`, tone: 'flag' });
  }
  return icons;
}

export function StatusIcons({ icons }: { icons: StatusIcon[] }) {
  if (icons.length === 0) return null;
  return (
    <span className="chip-icons">
      {icons.map((icon) => (
        <span key={icon.key} role="img" aria-label={icon.words} title={icon.words} className={`chip-icon chip-icon-${icon.tone}`}>
          {icon.glyph}
        </span>
      ))}
    </span>
  );
}

export interface ChipBodyProps {
  person: Person;
  discussion: DiscussionReason[] | undefined;
  initialsOnly: boolean;
  hideDetails: boolean;
  idPrefix: string;
  /** 'compact' adds a second line: where they were moved from, or the job title. */
  density: 'compact' | 'chips';
}

export function ChipBody({ person, discussion, initialsOnly, hideDetails, idPrefix, density }: ChipBodyProps) {
  const icons = statusIcons(person, discussion, hideDetails);
  const name = displayName(person, initialsOnly);
  return (
    <>
      <div className="chip-line">
        <h3 className="chip-name" id={`${idPrefix}-name`} title={name}>
          {name}
        </h3>
        <StatusIcons icons={icons} />
        <span className="chip-grade">{person.grade}</span>
      </div>
      {density === 'compact' ? (
        <p className="chip-second">
          {isChanged(person) ? (
            <span className="chip-moved">From {person.provisionalMarking ?? 'not marked'}</span>
          ) : hideDetails ? (
            <span className="muted">Provisional {person.provisionalMarking ?? 'none'}</span>
          ) : (
            <span className="muted">{person.jobTitle || 'No job title'}</span>
          )}
        </p>
      ) : null}
    </>
  );
}
