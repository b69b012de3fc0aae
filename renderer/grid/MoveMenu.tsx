// The "Move to…" menu for the card whose menu is open (its button, Enter, or a right-click on the card): the
// other boxes (with what each would need, or why it is refused), one place up or down within the box, the
// flags (para 88: borderline cases are identified and discussed), and the person's details.

import { useCallback } from 'react';
import { BOX_MARKINGS, FLAG_KINDS, FLAG_LABELS, type BoxMarking, type FlagKind } from '../../shared/domain';
import { checkMove } from '../../shared/rules';
import { OPERATIONS, ROLE_LABELS, may, type Operation } from '../../shared/roles';
import { usePanelStore } from '../store';
import { Menu, type MenuItem } from '../components/Menu';
import { initialsOnScreen } from '../components/projection';
import { reorderAnchor } from './boxes';
import { useGridUi } from './gridUi';
import { refuseIfReadOnly, requestMove, requestReorder } from './moveFlow';

/** "only the panel chair": the hint on what the person's role may not do, from the same table the service checks. */
function onlyBy(operation: Operation): string {
  return `only the ${OPERATIONS[operation].roles.map((role) => ROLE_LABELS[role].toLowerCase()).join(' or ')}`;
}

const QUICK_FLAGS = FLAG_KINDS.filter((kind): kind is Exclude<FlagKind, 'other'> => kind !== 'other');

export function MoveMenu({ boxes }: { boxes: Record<BoxMarking, string[]> }) {
  const menu = useGridUi((s) => s.menu);
  const person = usePanelStore((s) => (menu ? s.peopleById[menu.staffId] : undefined));
  const initialsOnly = usePanelStore(initialsOnScreen);
  const role = usePanelStore((s) => s.actor.role);

  const close = useCallback((restoreFocus: boolean) => {
    const current = useGridUi.getState().menu;
    useGridUi.getState().closeMenu();
    if (restoreFocus && current?.anchor.isConnected) current.anchor.focus();
  }, []);

  if (!menu || !person) return null;
  const current = person.moderatedMarking;
  const items: MenuItem[] = [];
  const mayMove = may(role, 'move');
  const mayReorder = may(role, 'reorder');
  const mayFlag = may(role, 'flag');
  for (const box of BOX_MARKINGS) {
    if (box === current) continue;
    const check = checkMove(person, box);
    let hint: string | undefined;
    if (!mayMove) hint = onlyBy('move');
    else if (!check.allowed) hint = person.financeObjective === 'Not met' ? 'not allowed: finance objective not met' : 'not allowed';
    else if (check.needsAcknowledgement) hint = check.needsReason ? 'asks for a reason and the corporate contribution' : 'asks for the corporate contribution';
    else if (check.needsReason) hint = 'asks for a reason';
    else hint = 'back to provisional';
    items.push({ id: `box:${box}`, label: box, hint, disabled: !mayMove || !check.allowed });
  }
  const ids = current ? boxes[current] : [];
  if (current) {
    const up = reorderAnchor(ids, person.staffId, 'up');
    const down = reorderAnchor(ids, person.staffId, 'down');
    items.push({ id: 'up', label: `Up one place in ${current}`, disabled: !mayReorder || up === null, groupStart: true, hint: mayReorder ? 'Alt+Up' : onlyBy('reorder') });
    items.push({ id: 'down', label: `Down one place in ${current}`, disabled: !mayReorder || down === null, hint: mayReorder ? 'Alt+Down' : onlyBy('reorder') });
  }
  QUICK_FLAGS.forEach((kind, index) => {
    const set = person.flags.some((f) => f.kind === kind);
    items.push({
      id: `${set ? 'unflag' : 'flag'}:${kind}`,
      label: set ? `Clear flag: ${FLAG_LABELS[kind]}` : `Flag: ${FLAG_LABELS[kind]}`,
      groupStart: index === 0,
      ...(mayFlag ? {} : { disabled: true, hint: onlyBy('flag') }),
    });
  });
  const note = person.flags.find((f) => f.kind === 'other');
  items.push({ id: 'flag-note', label: note ? 'Change the flag’s note…' : 'Flag with a note…', ...(mayFlag ? {} : { disabled: true }) });
  if (note) items.push({ id: 'unflag:other', label: 'Clear the flag with a note', ...(mayFlag ? {} : { disabled: true }) });
  items.push({ id: 'details', label: 'Details…', groupStart: true });

  function onSelect(item: MenuItem) {
    const staffId = person!.staffId;
    if (item.id.startsWith('box:') && mayMove) {
      close(true);
      // A refused box still answers, so the chair hears why rather than nothing.
      void requestMove(staffId, item.id.slice(4) as BoxMarking);
      return;
    }
    if (item.disabled) return;
    if (item.id === 'details') {
      useGridUi.getState().closeMenu();
      usePanelStore.getState().select(staffId);
      return;
    }
    if (item.id === 'flag-note') {
      useGridUi.getState().closeMenu();
      if (!refuseIfReadOnly()) useGridUi.getState().setFlagNoteFor(staffId);
      return;
    }
    if (item.id.startsWith('flag:') || item.id.startsWith('unflag:')) {
      close(true);
      if (refuseIfReadOnly()) return;
      const [action, kind] = item.id.split(':') as ['flag' | 'unflag', FlagKind];
      const store = usePanelStore.getState();
      void (action === 'flag' ? store.flag(staffId, kind, '') : store.unflag(staffId, kind)).then((result) => {
        if (result.ok) useGridUi.getState().highlightCard(staffId);
      });
      return;
    }
    const anchor = reorderAnchor(ids, staffId, item.id === 'up' ? 'up' : 'down');
    close(true);
    if (anchor) void requestReorder(staffId, anchor.afterStaffId);
  }

  const name = initialsOnly ? 'this person' : person.name;
  return <Menu label={`Move ${name} to`} items={items} anchor={menu.anchor} {...(menu.at ? { at: menu.at } : {})} onSelect={onSelect} onClose={close} />;
}
