// The contract's contribution entries over the workbook modules: downloads travel as base64 like the
// outcome export, uploads as base64 like an import. db/api.ts adds these to the table every host serves.

import { basename } from 'node:path';
import type { ApiParsedRequest, ApiResponses } from '../../shared/contract';
import { ModerationError } from '../errors';
import type { ModerationService } from '../service';
import { applyFinanceWorkbook, buildFinanceWorkbook, planFinanceWorkbook, readFinanceWorkbook, recordFinanceWorkbookWritten } from './financeWorkbook';
import { applyMemberPreviews, buildMemberPreview, planMemberPreviews, readMemberPreview, recordMemberPreviewWritten } from './memberPreview';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type ContributionName = 'financeSheet' | 'previewFinanceWorkbook' | 'applyFinanceWorkbook' | 'memberPreviewSheet' | 'previewMemberWorkbooks' | 'applyMemberWorkbooks';
type ContributionHandlers = { [K in ContributionName]: (request: ApiParsedRequest<K>) => Promise<ApiResponses[K]> };

const bytesOf = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

/** A refusal the window shows with its table of problems, as applyImport's is. */
function refused(what: string, file: string, issues: ApiResponses['previewFinanceWorkbook']['errors']): ModerationError {
  const n = issues.length;
  return Object.assign(new ModerationError('import_invalid', `${file} has ${n} ${n === 1 ? 'problem' : 'problems'}, so nothing was ${what}`), { issues });
}

export function contributionHandlers(service: () => ModerationService): ContributionHandlers {
  return {
    financeSheet: async ({ actor }) => {
      const written = await buildFinanceWorkbook(service(), actor);
      recordFinanceWorkbookWritten(service(), actor, written, written.fileName);
      return { fileName: written.fileName, mimeType: XLSX, bytesBase64: Buffer.from(written.bytes).toString('base64'), warning: null, people: written.people };
    },
    previewFinanceWorkbook: async ({ fileName, bytesBase64, takeWorkbookValues, takeAllWorkbookValues }) => {
      const parsed = await readFinanceWorkbook(service(), basename(fileName), bytesOf(bytesBase64));
      return planFinanceWorkbook(service(), parsed, { ...(takeWorkbookValues ? { takeWorkbookValues } : {}), takeAllWorkbookValues: takeAllWorkbookValues === true }).summary;
    },
    applyFinanceWorkbook: async ({ actor, fileName, bytesBase64, takeWorkbookValues, takeAllWorkbookValues }) => {
      const parsed = await readFinanceWorkbook(service(), basename(fileName), bytesOf(bytesBase64));
      const summary = applyFinanceWorkbook(service(), parsed, actor, { ...(takeWorkbookValues ? { takeWorkbookValues } : {}), takeAllWorkbookValues: takeAllWorkbookValues === true });
      if (!summary.applied) throw refused('changed', summary.file, summary.errors);
      return summary;
    },
    memberPreviewSheet: async ({ actor, member }) => {
      const written = await buildMemberPreview(service(), member, actor);
      recordMemberPreviewWritten(service(), actor, written, written.fileName);
      return { fileName: written.fileName, mimeType: XLSX, bytesBase64: Buffer.from(written.bytes).toString('base64'), warning: null, people: written.people };
    },
    previewMemberWorkbooks: async ({ files }) => {
      const previews = [];
      for (const file of files) previews.push(await readMemberPreview(service(), basename(file.fileName), bytesOf(file.bytesBase64)));
      return planMemberPreviews(service(), previews);
    },
    applyMemberWorkbooks: async ({ actor, files }) => {
      const previews = [];
      for (const file of files) previews.push(await readMemberPreview(service(), basename(file.fileName), bytesOf(file.bytesBase64)));
      const summary = applyMemberPreviews(service(), previews, actor);
      if (!summary.applied) throw refused('recorded', files.length === 1 ? basename(files[0]!.fileName) : `${files.length} workbooks`, summary.errors);
      return summary;
    },
  };
}
