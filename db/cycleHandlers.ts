// The contract's entries for who was in the room, mid-year against end-year and previous years, and the
// mapped export (issue 8). db/api.ts adds these to the table every host serves.

import type { ApiParsedRequest, ApiResponses, ExportedFile } from '../shared/contract';
import { conflictsOfInterest, financeAttendanceNote } from '../shared/attendance';
import type { AttendanceView, CycleResponses } from '../shared/cycleContract';
import { ModerationError, PanelFileError } from './errors';
import { outcomeRows } from './export';
import { ExportMappingError, mappedCsv, mappedXlsx, validateExportMapping, type ExportMapping } from './exportMapping';
import { basename } from 'node:path';
import { openedMidYear, readMidYearUpload, setOpenedMidYear } from './midYear';
import type { ModerationService } from './service';
import { lastYearFor, midYearForActor } from './roomViews';

type CycleName = keyof CycleResponses;
type CycleHandlers = { [K in CycleName]: (request: ApiParsedRequest<K>) => ApiResponses[K] | Promise<ApiResponses[K]> };

export function attendanceView(service: ModerationService): AttendanceView {
  const attendees = service.attendance();
  return {
    attendees,
    financeNote: financeAttendanceNote(attendees),
    conflicts: conflictsOfInterest(service.people(), attendees, service.stepOuts()),
  };
}

export function cycleHandlers(service: () => ModerationService): CycleHandlers {
  return {
    attendance: () => attendanceView(service()),
    updateAttendance: ({ actor, add, remove }) => {
      service().updateAttendance({ ...(add ? { add } : {}), ...(remove ? { remove } : {}) }, actor);
      return attendanceView(service());
    },
    recordStepOut: ({ actor, staffId, member, steppedOut }) => {
      service().recordStepOut(staffId, member, steppedOut, actor);
      return attendanceView(service());
    },
    // Figures by group outside HR come from the room's copy (db/roomViews.ts, issue 9).
    midYearComparison: ({ actor }) => midYearForActor(service(), actor, openedMidYear(service())),
    openMidYear: ({ actor, fileName, bytesBase64, key }) => {
      const s = service();
      let markings;
      try {
        markings = readMidYearUpload(fileName, new Uint8Array(Buffer.from(bytesBase64, 'base64')), {
          expectedYear: s.panel().performanceYear,
          ...(key ? { key } : {}),
        });
      } catch (error) {
        if (error instanceof PanelFileError) throw new ModerationError('invalid', error.message);
        throw error;
      }
      setOpenedMidYear(s, markings);
      return midYearForActor(s, actor, markings);
    },
    closeMidYear: ({ actor }) => {
      setOpenedMidYear(service(), null);
      return midYearForActor(service(), actor, null);
    },
    checkExportMapping: ({ mapping, mappingFileName }) => {
      const checked = checkedMapping(mapping, mappingFileName);
      const s = service();
      const people = outcomeRows(s.panel(), s.people()).filter((r) => checked.rows !== 'eligible' || r.eligible === 'Yes').length;
      return { fileName: basename(mappingFileName), description: checked.description ?? null, headers: checked.columns.map((c) => c.header), rows: checked.rows ?? 'all', people };
    },
    lastYearMovement: (request) => lastYearFor(service(), request),
  };
}

/** A mapping the window sent, validated; a refusal lists every problem with its JSON path. */
function checkedMapping(json: unknown, fileName: string): ExportMapping {
  try {
    return validateExportMapping(json, fileName);
  } catch (error) {
    if (error instanceof ExportMappingError) throw new ModerationError('invalid', error.message);
    throw error;
  }
}

/** The outcome in an HR system's layout, from an export mapping the window uploaded. */
export async function mappedOutcomeFile(
  service: ModerationService,
  format: 'csv' | 'xlsx',
  mappingJson: unknown,
  mappingFileName: string | undefined,
  fileName: (extension: string) => string,
): Promise<ExportedFile> {
  const mapping = checkedMapping(mappingJson, mappingFileName ?? 'the export mapping');
  const panel = service.panel();
  const rows = outcomeRows(panel, service.people());
  const warning = panel.status === 'finalised' ? null : 'This panel has not been finalised: the outcome may still change.';
  if (format === 'csv') {
    return { fileName: fileName('csv'), mimeType: 'text/csv', bytesBase64: Buffer.from(mappedCsv(mapping, panel, rows), 'utf8').toString('base64'), warning };
  }
  const bytes = await mappedXlsx(mapping, panel, rows);
  return {
    fileName: fileName('xlsx'),
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    bytesBase64: Buffer.from(bytes).toString('base64'),
    warning,
  };
}
