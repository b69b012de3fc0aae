// The contract's handlers over the moderation service: validate, call the service, turn errors into
// results a person can act on. Electron IPC and the web host both serve exactly this table.

import { basename } from 'node:path';
import {
  API_NAMES,
  parseRequest,
  type ApiName,
  type ApiParsedRequest,
  type ApiResponses,
  type ChangeResult,
  type ImportPreviewView,
  type PanelApi,
  type Result,
} from '../shared/contract';
import { FLAG_LABELS, type AuditEvent, type Person, type Role } from '../shared/domain';
import { suggestedForDiscussion } from '../shared/rules';
import type { ParsedImport } from '../shared/importTypes';
import { ModerationError, PanelFileError } from './errors';
import type { ImportYearOptions, ModerationService } from './service';
import { cabinetOfficeReturn } from '../shared/cabinetOfficeReturn';
import type { ImportPreview } from './importApply';
import { outcomeCsv, outcomeRows, outcomeXlsx } from './export';
import { mergeUnitPanelsHandler, stageUnitPanels, type OverallPanelHost } from './mergeApi';
import { outcomePackExtras } from './outcomePack';
import { mappingFileSchema, parseImportBuffer } from './import';
import { readChangesBuffer, runChanges } from './batchChanges';
import type { PanelLock } from './panelLock';
import { trustHandlers } from './trustHandlers';
import { contributionHandlers } from './workbooks/handlers';
import { cycleHandlers, mappedOutcomeFile } from './cycleHandlers';
import { openedMidYear } from './midYear';
import { memberVerdictsFor, withMemberVerdicts } from './workbooks/memberViews';
import { roleHandlers } from './roleHandlers';
import { newPanelHandlers } from './newPanelHandlers';
import type { NewPanelHost } from './newPanelDraft';
import { breakdownFor, departmentFor, roomFairnessFlags } from './roomViews';

/** Whatever holds the open panel: a host can switch files underneath without the handlers knowing. */
export interface PanelSession {
  service(): ModerationService;
  /** Hosts that can make a new overall panel from unit panels and open it (db/mergeApi.ts). */
  overall?: OverallPanelHost;
  /** Hosts that ask the window for an encrypted panel's passphrase (db/panelLock.ts). */
  locks?: PanelLock;
  /** Hosts that make a new panel from HR's file through the import wizard (db/newPanelDraft.ts). */
  newPanel?: NewPanelHost;
}

type Handlers = { [K in ApiName]: (request: ApiParsedRequest<K>) => ApiResponses[K] | Promise<ApiResponses[K]> };

/** Characteristics are special category data: they leave the panel file only aggregated. */
function withoutCharacteristics(person: Person): Person {
  return { ...person, characteristics: {} };
}

/** How long each person was discussed is for HR's eyes only; everyone else sees the log without it. */
function visibleEvents(events: AuditEvent[], role: Role | undefined): AuditEvent[] {
  const shown = role === 'hr' ? events : events.filter((e) => e.action !== 'discussion_start' && e.action !== 'discussion_end');
  return shown.map(withoutCharacteristicValues);
}

/** Re-imports record a person's before and after; the characteristics in them stay in the file. */
export function withoutCharacteristicValues(event: AuditEvent): AuditEvent {
  const scrub = (state: unknown): unknown =>
    state !== null && typeof state === 'object' && 'characteristics' in state ? { ...state, characteristics: '(diversity data)' } : state;
  return event.action === 'update_person' || event.action === 'remove_person' ? { ...event, before: scrub(event.before), after: scrub(event.after) } : event;
}

/**
 * A re-import's changes name a changed characteristic but never its values, whoever runs it: characteristics
 * leave the panel only aggregated (the command line prints the list the window's counts summarise).
 */
export function withoutCharacteristicChanges<T extends ImportPreview>(preview: T): T {
  return {
    ...preview,
    changed: preview.changed.map((c) => ({
      ...c,
      fields: c.fields.map((f) => (f.field === 'characteristics' ? { field: f.field, before: '(diversity data)', after: '(diversity data)' } : f)),
    })),
  };
}

/** `actorName`: undo is per person and session, so the undo state is the actor's own. */
function changeResult(service: ModerationService, people: Person[], announcement: string, actorName?: string): ChangeResult {
  return {
    people: people.map(withoutCharacteristics),
    discussion: service.discussionFor(people),
    canUndo: service.canUndo(actorName),
    canRedo: service.canRedo(actorName),
    announcement,
  };
}

function toPreviewView(parsed: ParsedImport, preview: ImportPreview): ImportPreviewView {
  return {
    file: preview.file,
    rows: preview.rows,
    columns: parsed.columns,
    added: preview.added.length,
    changed: preview.changed.length,
    removed: preview.removed.length,
    unchanged: preview.unchanged,
    boxCounts: preview.boxCounts,
    ineligible: preview.ineligible,
    performanceYear: preview.performanceYear,
    eligibilityCutoff: preview.eligibilityCutoff,
    missing: preview.missing,
    conflicts: preview.conflicts,
    leavers: preview.leavers,
    financeConflicts: preview.financeConflicts,
    ignoredColumns: preview.ignoredColumns,
    errors: preview.errors,
    warnings: preview.warnings,
    skipped: (parsed.skipped ?? []).slice(0, 1_000),
    skippedCount: parsed.skipped?.length ?? 0,
    problemRows: parsed.problemRows ?? [],
  };
}

async function parseUpload(service: ModerationService, upload: ApiParsedRequest<'previewImport'>): Promise<ParsedImport> {
  let mapping;
  if (upload.mapping !== undefined && upload.mapping !== null) {
    const parsed = mappingFileSchema.safeParse(upload.mapping);
    if (!parsed.success) {
      throw new ModerationError('invalid', `The column mapping is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    mapping = parsed.data;
  }
  const bytes = Buffer.from(upload.bytesBase64, 'base64');
  return parseImportBuffer(basename(upload.fileName), new Uint8Array(bytes), {
    cutoff: service.importCutoff(importOptions(upload)),
    ...(mapping ? { mapping } : {}),
  });
}

/** The wizard's choices, as the service takes them. */
function importOptions(upload: ApiParsedRequest<'previewImport'>): ImportYearOptions {
  return {
    ...(upload.removeMissing !== undefined ? { removeMissing: upload.removeMissing } : {}),
    ...(upload.takeFileValues !== undefined
      ? { takeFileValues: upload.takeFileValues.map((t) => ({ field: t.field, ...(t.staffIds ? { staffIds: t.staffIds } : {}) })) }
      : {}),
    ...(upload.assumeEligibleWithoutStartDate !== undefined ? { assumeEligibleWithoutStartDate: upload.assumeEligibleWithoutStartDate } : {}),
    ...(upload.performanceYear !== undefined ? { performanceYear: upload.performanceYear } : {}),
    ...(upload.eligibilityCutoff !== undefined ? { eligibilityCutoff: upload.eligibilityCutoff } : {}),
  };
}

/** "Policy-Group-SCS-outcome.csv"; while the panel is open "Policy-Group-SCS-DRAFT-outcome.csv", so a draft says so by its name too (the CSV has no room for a mark; db/draftMark.ts). */
function outcomeFileName(service: ModerationService, extension: string): string {
  const slug = service.panel().name.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-|-$/g, '') || 'panel';
  return `${slug}${service.panel().status === 'finalised' ? '' : '-DRAFT'}-outcome.${extension}`;
}

export function createHandlers(session: PanelSession): Handlers {
  const svc = () => session.service();
  const newPanel = newPanelHandlers(() => session.newPanel, { parseUpload, importOptions, toPreviewView });
  return {
    getPanel: ({ actorName }) => {
      const service = svc();
      // Read first: a change landing while the snapshot is built is then seen as newer, never as included.
      const externalVersion = service.externalVersion();
      const people = service.people();
      return {
        panel: service.panel(),
        fileName: basename(service.path),
        people: people.map(withoutCharacteristics),
        discussion: Object.fromEntries(suggestedForDiscussion(people)),
        canUndo: service.canUndo(actorName),
        canRedo: service.canRedo(actorName),
        encrypted: service.encrypted,
        externalVersion,
      };
    },
    getPerson: ({ staffId, role }) => {
      if (role) svc().verifyRole({ name: 'this window', role });
      const detail = svc().personDetail(staffId);
      return { ...detail, audit: visibleEvents(detail.audit, role), person: withoutCharacteristics(detail.person), memberVerdicts: memberVerdictsFor(svc(), staffId, role) };
    },
    move: ({ actor, ...request }) => {
      const person = svc().move(request, actor);
      return changeResult(svc(), [person], `${person.name} moved to ${person.moderatedMarking}`, actor.name);
    },
    recordContribution: ({ actor, staffId, text }) => {
      const person = svc().recordContribution(staffId, text, actor);
      return changeResult(svc(), [person], person.corporateContributionEvidence ? `Corporate contribution recorded for ${person.name}` : `Corporate contribution cleared for ${person.name}`, actor.name);
    },
    cabinetOfficeReturn: () => cabinetOfficeReturn(svc().panel(), svc().people()),
    reorder: ({ actor, ...request }) => {
      const person = svc().reorder(request, actor);
      return changeResult(svc(), [person], `${person.name} reordered within ${person.moderatedMarking}`, actor.name);
    },
    flag: ({ actor, staffId, kind, text }) => {
      const person = svc().flag(staffId, kind, text, actor);
      return changeResult(svc(), [person], `${person.name} flagged`, actor.name);
    },
    unflag: ({ actor, staffId, kind }) => {
      const person = svc().unflag(staffId, kind, actor);
      return changeResult(svc(), [person], `Flag removed from ${person.name}`, actor.name);
    },
    setFinance: ({ actor, staffId, objective, note }) => {
      const person = svc().setFinance(staffId, objective, note, actor);
      return changeResult(svc(), [person], `Finance objective for ${person.name}: ${objective}`, actor.name);
    },
    addNote: ({ actor, staffId, text }) => {
      svc().addNote(staffId, text, actor);
      const person = svc().person(staffId);
      return changeResult(svc(), [person], `Note added for ${person.name}`, actor.name);
    },
    undo: ({ actor }) => {
      const { undone, staffId } = svc().undo(actor);
      const people = staffId ? [svc().person(staffId)] : [];
      return changeResult(svc(), people, `Undid ${undone.action}${people[0] ? ` for ${people[0].name}` : ''}`, actor.name);
    },
    redo: ({ actor }) => {
      const { undone, staffId } = svc().redo(actor);
      const people = staffId ? [svc().person(staffId)] : [];
      return changeResult(svc(), people, `Redid ${undone.action}${people[0] ? ` for ${people[0].name}` : ''}`, actor.name);
    },
    finalise: ({ actor }) => ({ panel: svc().finalise(actor) }),
    audit: ({ role, ...filter }) => {
      if (role) svc().verifyRole({ name: 'this window', role });
      return visibleEvents(svc().audit(filter), role);
    },
    previewImport: async (upload) => {
      if (upload.newPanel) return newPanel.previewNewPanel(upload);
      const parsed = await parseUpload(svc(), upload);
      return toPreviewView(parsed, svc().previewImport(parsed, importOptions(upload)));
    },
    applyImport: async ({ actor, ...upload }) => {
      if (upload.newPanel) return newPanel.applyNewPanel(actor, upload);
      const parsed = await parseUpload(svc(), upload);
      if (parsed.errors.length > 0) {
        throw Object.assign(new ModerationError('import_invalid', `${parsed.file} has ${parsed.errors.length} problem(s), so nothing was imported`), {
          issues: parsed.errors,
        });
      }
      const summary = svc().applyImport(parsed, actor, importOptions(upload));
      return { ...toPreviewView(parsed, summary), auditEventId: summary.auditEventId };
    },
    previewChanges: async ({ actor, fileName, bytesBase64 }) => {
      const parsed = await readChangesBuffer(basename(fileName), new Uint8Array(Buffer.from(bytesBase64, 'base64')));
      return runChanges(svc(), parsed, actor, { apply: false });
    },
    applyChanges: async ({ actor, fileName, bytesBase64 }) => {
      const parsed = await readChangesBuffer(basename(fileName), new Uint8Array(Buffer.from(bytesBase64, 'base64')));
      const summary = runChanges(svc(), parsed, actor, { apply: true });
      if (!summary.applied) {
        throw Object.assign(new ModerationError('import_invalid', `${summary.file} has ${summary.errors.length} problem(s), so nothing was changed`), {
          issues: summary.errors,
        });
      }
      return summary;
    },
    exportOutcome: async ({ actor, format, mapping, mappingFileName }) => {
      const service = svc();
      service.authorize(actor, 'export');
      if (mapping !== undefined && mapping !== null) {
        return mappedOutcomeFile(service, format, mapping, mappingFileName, (extension) => outcomeFileName(service, extension).replace('-outcome.', '-hr-upload.'));
      }
      const panel = service.panel();
      const rows = outcomeRows(panel, service.people(), service.historyTip());
      const warning = panel.status === 'finalised' ? null : 'This panel has not been finalised: the outcome may still change.';
      if (format === 'csv') {
        return {
          fileName: outcomeFileName(service, 'csv'),
          mimeType: 'text/csv',
          bytesBase64: Buffer.from(outcomeCsv(rows), 'utf8').toString('base64'),
          warning,
        };
      }
      const bytes = await outcomeXlsx(panel, rows, service.audit(), outcomePackExtras(service.people(), panel, service.discussionSeconds(), openedMidYear(service)));
      return {
        fileName: outcomeFileName(service, 'xlsx'),
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        bytesBase64: Buffer.from(bytes).toString('base64'),
        warning,
      };
    },
    // Who sees which figures by group is one policy, in db/roomViews.ts (issue 9).
    breakdown: (request) => breakdownFor(svc(), request),
    fairnessFlags: () => roomFairnessFlags(svc()),
    discussionQueue: ({ role }) => {
      const service = svc();
      if (role) service.verifyRole({ name: 'this window', role });
      const suggested = new Map(service.discussionList().map((d) => [d.staffId, d.reasons.map((r) => r.text)]));
      const queue = service
        .people()
        .filter((p) => p.eligible && (suggested.has(p.staffId) || p.flags.length > 0))
        .map((p) => ({
          staffId: p.staffId,
          name: p.name,
          reasons: [...(suggested.get(p.staffId) ?? []), ...p.flags.map((f) => `Flagged: ${FLAG_LABELS[f.kind]}${f.text && f.text !== FLAG_LABELS[f.kind] ? ` (${f.text})` : ''}`)],
        }));
      return withMemberVerdicts(service, { queue, current: service.currentDiscussion(), discussed: [...service.discussionSeconds().keys()] }, role);
    },
    updateSettings: ({ actor, suppressionThreshold, notComparedGroups, highPerformingAward, performanceYear, eligibilityCutoff }) => ({
      panel: svc().updateSettings(
        {
          ...(suppressionThreshold !== undefined ? { suppressionThreshold } : {}),
          ...(notComparedGroups ? { notComparedGroups } : {}),
          ...(highPerformingAward ? { highPerformingAward } : {}),
          ...(performanceYear !== undefined ? { performanceYear } : {}),
          ...(eligibilityCutoff !== undefined ? { eligibilityCutoff } : {}),
        },
        actor,
      ),
    }),
    startDiscussion: ({ actor, staffId }) => svc().startDiscussion(staffId, actor),
    endDiscussion: ({ actor }) => svc().endDiscussion(actor),
    ...contributionHandlers(svc),
    ...cycleHandlers(svc),
    stageUnitPanels: (request) => stageUnitPanels(session.overall, request),
    mergeUnitPanels: (request) => mergeUnitPanelsHandler(session.overall, request),
    departmentBreakdown: (request) => departmentFor(svc(), request),
    ...trustHandlers(session),
    ...roleHandlers(svc),
    newPanelDraft: newPanel.newPanelDraft,
    discardNewPanel: newPanel.discardNewPanel,
  };
}

function flushRefusals(session: PanelSession): void {
  try {
    session.service().flushRefusals();
  } catch {
    // No panel open (a locked host): nothing was refused.
  }
}

/** Turns any thrown error into a result; unexpected ones keep their message but say they were unexpected. */
export function toFailure(error: unknown): Result<never> {
  if (error instanceof ModerationError) {
    const issues = (error as ModerationError & { issues?: ParsedImport['errors'] }).issues;
    return { ok: false, error: { code: error.code, message: error.message, ...(issues ? { issues } : {}) } };
  }
  if (error instanceof PanelFileError) return { ok: false, error: { code: error.problem === 'busy' ? 'busy' : 'panel_file', message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'unexpected', message: `Something went wrong: ${message}` } };
}

/** The contract as async functions with validation and error capture: what every host serves. */
export function createPanelApi(session: PanelSession): PanelApi {
  const handlers = createHandlers(session);
  const api = {} as Record<ApiName, (payload: unknown) => Promise<Result<unknown>>>;
  for (const name of API_NAMES) {
    api[name] = async (payload: unknown) => {
      const request = parseRequest(name, payload);
      if (!request.ok) return request;
      try {
        const handler = handlers[name] as (r: unknown) => unknown;
        return { ok: true, value: await handler(request.value) };
      } catch (error) {
        return toFailure(error);
      } finally {
        // A change refused inside a batch that rolled back is recorded now (db/roleAccess.ts).
        flushRefusals(session);
      }
    };
  }
  return api as unknown as PanelApi;
}
