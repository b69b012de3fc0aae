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
import { availableCharacteristics, fairnessFlags, fairnessReport } from '../shared/fairness';
import { suggestedForDiscussion } from '../shared/rules';
import type { ParsedImport } from '../shared/importTypes';
import { ModerationError, PanelFileError } from './errors';
import type { ImportYearOptions, ModerationService } from './service';
import { cabinetOfficeReturn } from '../shared/cabinetOfficeReturn';
import type { ImportPreview } from './importApply';
import { outcomeCsv, outcomeRows, outcomeXlsx } from './export';
import { outcomePackExtras } from './outcomePack';
import { mappingFileSchema, parseImportBuffer } from './import';
import { readChangesBuffer, runChanges } from './batchChanges';

/** Whatever holds the open panel: a host can switch files underneath without the handlers knowing. */
export interface PanelSession {
  service(): ModerationService;
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

function changeResult(service: ModerationService, people: Person[], announcement: string): ChangeResult {
  return {
    people: people.map(withoutCharacteristics),
    discussion: service.discussionFor(people),
    canUndo: service.canUndo(),
    canRedo: service.canRedo(),
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

function outcomeFileName(service: ModerationService, extension: string): string {
  const slug = service.panel().name.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-|-$/g, '') || 'panel';
  return `${slug}-outcome.${extension}`;
}

export function createHandlers(session: PanelSession): Handlers {
  const svc = () => session.service();
  return {
    getPanel: () => {
      const service = svc();
      const people = service.people();
      return {
        panel: service.panel(),
        fileName: basename(service.path),
        people: people.map(withoutCharacteristics),
        discussion: Object.fromEntries(suggestedForDiscussion(people)),
        canUndo: service.canUndo(),
        canRedo: service.canRedo(),
      };
    },
    getPerson: ({ staffId, role }) => {
      const detail = svc().personDetail(staffId);
      return { ...detail, audit: visibleEvents(detail.audit, role), person: withoutCharacteristics(detail.person) };
    },
    move: ({ actor, ...request }) => {
      const person = svc().move(request, actor);
      return changeResult(svc(), [person], `${person.name} moved to ${person.moderatedMarking}`);
    },
    recordContribution: ({ actor, staffId, text }) => {
      const person = svc().recordContribution(staffId, text, actor);
      return changeResult(svc(), [person], person.corporateContributionEvidence ? `Corporate contribution recorded for ${person.name}` : `Corporate contribution cleared for ${person.name}`);
    },
    cabinetOfficeReturn: () => cabinetOfficeReturn(svc().panel(), svc().people()),
    reorder: ({ actor, ...request }) => {
      const person = svc().reorder(request, actor);
      return changeResult(svc(), [person], `${person.name} reordered within ${person.moderatedMarking}`);
    },
    flag: ({ actor, staffId, kind, text }) => {
      const person = svc().flag(staffId, kind, text, actor);
      return changeResult(svc(), [person], `${person.name} flagged`);
    },
    unflag: ({ actor, staffId, kind }) => {
      const person = svc().unflag(staffId, kind, actor);
      return changeResult(svc(), [person], `Flag removed from ${person.name}`);
    },
    setFinance: ({ actor, staffId, objective, note }) => {
      const person = svc().setFinance(staffId, objective, note, actor);
      return changeResult(svc(), [person], `Finance objective for ${person.name}: ${objective}`);
    },
    addNote: ({ actor, staffId, text }) => {
      svc().addNote(staffId, text, actor);
      const person = svc().person(staffId);
      return changeResult(svc(), [person], `Note added for ${person.name}`);
    },
    undo: ({ actor }) => {
      const { undone, staffId } = svc().undo(actor);
      const people = staffId ? [svc().person(staffId)] : [];
      return changeResult(svc(), people, `Undid ${undone.action}${people[0] ? ` for ${people[0].name}` : ''}`);
    },
    redo: ({ actor }) => {
      const { undone, staffId } = svc().redo(actor);
      const people = staffId ? [svc().person(staffId)] : [];
      return changeResult(svc(), people, `Redid ${undone.action}${people[0] ? ` for ${people[0].name}` : ''}`);
    },
    finalise: ({ actor }) => ({ panel: svc().finalise(actor) }),
    audit: ({ role, ...filter }) => visibleEvents(svc().audit(filter), role),
    previewImport: async (upload) => {
      const parsed = await parseUpload(svc(), upload);
      return toPreviewView(parsed, svc().previewImport(parsed, importOptions(upload)));
    },
    applyImport: async ({ actor, ...upload }) => {
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
    exportOutcome: async ({ format }) => {
      const service = svc();
      const panel = service.panel();
      const rows = outcomeRows(panel, service.people());
      const warning = panel.status === 'finalised' ? null : 'This panel has not been finalised: the outcome may still change.';
      if (format === 'csv') {
        return {
          fileName: outcomeFileName(service, 'csv'),
          mimeType: 'text/csv',
          bytesBase64: Buffer.from(outcomeCsv(rows), 'utf8').toString('base64'),
          warning,
        };
      }
      const bytes = await outcomeXlsx(panel, rows, service.audit(), outcomePackExtras(service.people(), panel, service.discussionSeconds()));
      return {
        fileName: outcomeFileName(service, 'xlsx'),
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        bytesBase64: Buffer.from(bytes).toString('base64'),
        warning,
      };
    },
    breakdown: ({ actor, characteristic, stage, threshold, referenceGroup }) => {
      const service = svc();
      const people = service.people();
      const characteristics = availableCharacteristics(people);
      if (!characteristics.includes(characteristic)) {
        throw new ModerationError('invalid', `This panel holds no "${characteristic}" data; it has ${characteristics.join(', ')}`);
      }
      // Only HR may look below the panel's small-number threshold; anyone else gets at least that.
      const panelThreshold = service.panel().suppressionThreshold;
      const limit = actor.role === 'hr' ? (threshold ?? panelThreshold) : Math.max(threshold ?? panelThreshold, panelThreshold);
      const report = fairnessReport(people, {
        characteristic,
        stage,
        threshold: limit,
        audience: actor.role === 'hr' ? 'hr' : 'shared',
        notComparedGroups: service.panel().notComparedGroups,
        ...(referenceGroup ? { referenceGroup } : {}),
        discussionSeconds: service.discussionSeconds(),
      });
      return { ...report, characteristics, threshold: limit };
    },
    fairnessFlags: () => {
      const service = svc();
      const panel = service.panel();
      return fairnessFlags(service.people(), panel.suppressionThreshold, panel.notComparedGroups);
    },
    discussionQueue: () => {
      const service = svc();
      const suggested = new Map(service.discussionList().map((d) => [d.staffId, d.reasons.map((r) => r.text)]));
      const queue = service
        .people()
        .filter((p) => p.eligible && (suggested.has(p.staffId) || p.flags.length > 0))
        .map((p) => ({
          staffId: p.staffId,
          name: p.name,
          reasons: [...(suggested.get(p.staffId) ?? []), ...p.flags.map((f) => `Flagged: ${FLAG_LABELS[f.kind]}${f.text && f.text !== FLAG_LABELS[f.kind] ? ` (${f.text})` : ''}`)],
        }));
      return { queue, current: service.currentDiscussion() };
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
  };
}

/** Turns any thrown error into a result; unexpected ones keep their message but say they were unexpected. */
export function toFailure(error: unknown): Result<never> {
  if (error instanceof ModerationError) {
    const issues = (error as ModerationError & { issues?: ParsedImport['errors'] }).issues;
    return { ok: false, error: { code: error.code, message: error.message, ...(issues ? { issues } : {}) } };
  }
  if (error instanceof PanelFileError) return { ok: false, error: { code: 'panel_file', message: error.message } };
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
      }
    };
  }
  return api as unknown as PanelApi;
}
