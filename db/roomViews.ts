// Who sees which figures by group (issue 9): one policy, used by every host through db/api.ts and by the
// command line through the same handlers. HR — once the HR role's PIN, if any, is given — sees the live
// panel with every number; everyone else sees the room's copy (db/roomCopy.ts): shared at HR's
// checkpoints, one population for every stage, the most sensitive characteristics left out, and small
// groups suppressed at no less than the panel's threshold.

import type { Actor } from '../shared/domain';
import type { ApiParsedRequest, ApiResponses } from '../shared/contract';
import { availableCharacteristics, fairnessFlags, fairnessReport } from '../shared/fairness';
import { midYearComparison, type MidYearComparison } from '../shared/midYear';
import { lastYearMovement } from '../shared/previousYears';
import { departmentReport } from '../shared/department';
import type { RoomFairness } from '../shared/fairness';
import { ModerationError } from './errors';
import { midYearFor, type MidYearMarkings } from './midYear';
import { roomCopy } from './roomCopy';
import type { ModerationService } from './service';

type Who = Pick<Actor, 'name' | 'role'>;

/** HR's own view, for a role claiming it: the HR PIN must have been given where there is one. */
function seesEverything(service: ModerationService, actor: Who): boolean {
  if (actor.role !== 'hr') return false;
  service.verifyRole(actor);
  return true;
}

function unknownCharacteristic(characteristic: string, characteristics: string[]): ModerationError {
  return new ModerationError('invalid', `This panel holds no "${characteristic}" data${characteristics.length ? `; it has ${characteristics.join(', ')}` : ''}`);
}

export function breakdownFor(service: ModerationService, request: Pick<ApiParsedRequest<'breakdown'>, 'actor' | 'characteristic' | 'stage' | 'threshold' | 'referenceGroup'>): ApiResponses['breakdown'] {
  const { actor, characteristic, stage, threshold, referenceGroup } = request;
  const panel = service.panel();
  if (seesEverything(service, actor)) {
    const people = service.people();
    const characteristics = availableCharacteristics(people);
    if (!characteristics.includes(characteristic)) throw unknownCharacteristic(characteristic, characteristics);
    const limit = threshold ?? panel.suppressionThreshold;
    const report = fairnessReport(people, {
      characteristic,
      stage,
      threshold: limit,
      audience: 'hr',
      notComparedGroups: panel.notComparedGroups,
      ...(referenceGroup ? { referenceGroup } : {}),
      discussionSeconds: service.discussionSeconds(),
    });
    return { ...report, characteristics, threshold: limit };
  }
  const room = roomCopy(service);
  // The most sensitive characteristics are not in the room's copy at all, so they are not offered.
  const characteristics = availableCharacteristics(room.people);
  if (!characteristics.includes(characteristic)) {
    if (availableCharacteristics(service.people()).includes(characteristic)) {
      throw new ModerationError('not_permitted', `Breakdowns by ${characteristic.replace(/_/g, ' ')} are HR’s view only: the room never sees them, so no comparison can reveal anyone’s.`);
    }
    throw unknownCharacteristic(characteristic, characteristics);
  }
  // Nobody but HR looks below the panel's small-number threshold.
  const limit = Math.max(threshold ?? panel.suppressionThreshold, panel.suppressionThreshold);
  const report = fairnessReport(room.people, {
    characteristic,
    stage,
    threshold: limit,
    audience: 'shared',
    notComparedGroups: panel.notComparedGroups,
    ...(referenceGroup ? { referenceGroup } : {}),
    discussionSeconds: room.discussionSeconds,
  });
  return { ...report, characteristics, threshold: limit, room: { sharedAt: room.sharedAt, sharedBy: room.sharedBy, threshold: panel.suppressionThreshold, leftOut: room.leftOut } };
}

/** The grid's fairness check: seen by the whole room, so always from the room's copy. */
export function roomFairnessFlags(service: ModerationService): RoomFairness {
  const panel = service.panel();
  const room = roomCopy(service);
  return { ...fairnessFlags(room.people, panel.suppressionThreshold, panel.notComparedGroups), sharedAt: room.sharedAt };
}

/**
 * Mid-year against end-year: HR's view is live; anyone else sees who moved and by how much live (markings,
 * not characteristics), and the figures by group from the room's copy.
 */
export function midYearForActor(service: ModerationService, actor: Who, markings: MidYearMarkings | null): MidYearComparison {
  if (seesEverything(service, actor)) return midYearFor(service, 'hr', markings);
  const live = midYearFor(service, 'shared', markings);
  const panel = service.panel();
  const room = midYearComparison(roomCopy(service).people, {
    threshold: panel.suppressionThreshold,
    audience: 'shared',
    notComparedGroups: panel.notComparedGroups,
    ...(markings ? { fromFile: { fileName: markings.fileName, panelName: markings.panelName, markings: markings.markings } } : {}),
  });
  return { ...live, byCharacteristic: room.byCharacteristic };
}

/**
 * Against last year by group is HR's view: its people are those with a marking last year, so comparing it
 * with the breakdowns would single out the new joiners, whom everyone in the room can name.
 */
export function lastYearFor(service: ModerationService, request: ApiParsedRequest<'lastYearMovement'>): ApiResponses['lastYearMovement'] {
  if (request.actor.role !== 'hr') {
    throw new ModerationError('not_permitted', 'Markings against last year by group are HR’s view only: compared with the breakdowns, they would single out the people with no marking last year.');
  }
  service.verifyRole(request.actor);
  const people = service.people();
  const characteristics = availableCharacteristics(people);
  if (!characteristics.includes(request.characteristic)) throw unknownCharacteristic(request.characteristic, characteristics);
  const panel = service.panel();
  const result = lastYearMovement(people, {
    characteristic: request.characteristic,
    threshold: panel.suppressionThreshold,
    audience: 'hr',
    notComparedGroups: panel.notComparedGroups,
    ...(request.referenceGroup ? { referenceGroup: request.referenceGroup } : {}),
  });
  return { ...result, characteristics, threshold: panel.suppressionThreshold };
}

/** The department view (overall meeting): HR's live; anyone else's from the room's copy. */
export function departmentFor(service: ModerationService, request: ApiParsedRequest<'departmentBreakdown'>): ApiResponses['departmentBreakdown'] {
  const hr = seesEverything(service, request.actor);
  const people = hr ? service.people() : roomCopy(service).people;
  const panel = service.panel();
  // A line manager's group is a handful of named people: HR looks at those in the Breakdowns view, not across units.
  const characteristics = availableCharacteristics(people).filter((c) => c !== 'line_manager');
  if (!characteristics.includes(request.characteristic)) throw unknownCharacteristic(request.characteristic, characteristics);
  const report = departmentReport(people, {
    characteristic: request.characteristic,
    stage: request.stage,
    threshold: panel.suppressionThreshold,
    audience: hr ? 'hr' : 'shared',
    notComparedGroups: panel.notComparedGroups,
  });
  return { ...report, characteristics };
}
