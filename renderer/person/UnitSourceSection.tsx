// In an overall panel, where the person came from (paras 81-84): the unit panel, its chair, when it was finalised
// and what the unit decided with its reason, as the outcome's source_panel column says it. On the projector the
// chair's name follows names-as-initials and the unit's reason is hidden like any reason unless the chair shows it.

import type { Person, UnitSource } from '../../shared/domain';
import { initialsOf } from '../grid/boxes';
import { formatDate } from '../grid/moveFlow';
import { detailsOnScreen, initialsOnScreen, useOnScreen } from '../components/projection';
import { usePanelStore } from '../store';
import { DetailsList, HIDDEN_ON_PROJECTOR } from './DetailsList';

const HIDDEN = HIDDEN_ON_PROJECTOR;

/** What the unit decided, in words: kept, moved (from → to) or not moderated there. */
function decision(source: UnitSource): string {
  if (source.moderatedMarking === null) return 'Not moderated by the unit';
  if (source.moderatedMarking === source.provisionalMarking) return `Kept ${source.moderatedMarking}`;
  return `Moved ${source.provisionalMarking ?? 'not marked'} → ${source.moderatedMarking}`;
}

export function UnitSourceSection({ person }: { person: Person }) {
  const initials = usePanelStore(initialsOnScreen);
  const details = usePanelStore(detailsOnScreen);
  const onScreen = useOnScreen();
  const source = person.source;
  if (!source) return null;
  const finalised = source.status === 'finalised';
  const chair = source.chair ? (initials ? initialsOf(source.chair) : source.chair) : finalised ? 'Not recorded' : 'Not recorded: the unit panel was not finalised';
  const reason = (source.changeReason ?? '').trim();
  const rows: [string, string][] = [
    ['Unit panel', onScreen(`${source.panel} (${source.file})`)],
    ...(source.businessUnit ? ([['Business unit', source.businessUnit]] as [string, string][]) : []),
    ['Chair', chair],
    ['Finalised', finalised ? (source.finalisedAt ? formatDate(source.finalisedAt) : 'Date not recorded') : 'No: merged while still open'],
    ['The unit’s decision', decision(source)],
    ...(source.moderatedMarking !== null && source.moderatedMarking !== source.provisionalMarking
      ? ([['The unit’s reason', details ? onScreen(reason) || 'None recorded' : HIDDEN]] as [string, string][])
      : []),
  ];
  return (
    <section className="person-section" aria-labelledby="unit-source-h" data-testid="unit-source">
      <h3 id="unit-source-h">From the unit panel</h3>
      <DetailsList rows={rows} />
    </section>
  );
}
