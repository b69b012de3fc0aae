// The contract's side of a new panel made through the import wizard (db/newPanelDraft.ts): the draft for the
// window, dropping it, and previewImport / applyImport when they carry `newPanel` — previewed against an
// empty panel in memory, applied by the host, which makes the file once the window says how to protect it.

import type { ApiParsedRequest, ApiResponses, ImportPreviewView } from '../shared/contract';
import type { Actor } from '../shared/domain';
import type { ParsedImport } from '../shared/importTypes';
import { may, refusalMessage } from '../shared/roles';
import { ModerationError } from './errors';
import type { ImportPreview } from './importApply';
import type { NewPanelHost } from './newPanelDraft';
import type { ImportYearOptions, ModerationService } from './service';

/** What the main handlers lend: reading an upload, the wizard's choices, and the preview as the window sees it. */
export interface ImportHelpers {
  parseUpload(service: ModerationService, upload: ApiParsedRequest<'previewImport'>): Promise<ParsedImport>;
  importOptions(upload: ApiParsedRequest<'previewImport'>): ImportYearOptions;
  toPreviewView(parsed: ParsedImport, preview: ImportPreview): ImportPreviewView;
}

const PREVIEWER: Actor = { name: 'Import wizard', role: 'hr' };

function waitingDraft(host: NewPanelHost | undefined) {
  const draft = host?.draft() ?? null;
  if (draft === null) throw new ModerationError('invalid', 'No new panel is waiting to be made: choose File ▸ New Panel from File again.');
  return draft;
}

export function newPanelHandlers(host: () => NewPanelHost | undefined, helpers: ImportHelpers) {
  return {
    newPanelDraft: (): ApiResponses['newPanelDraft'] => host()?.draft()?.view() ?? null,
    discardNewPanel: (): ApiResponses['discardNewPanel'] => ({ discarded: host()?.discard() ?? false }),

    /** previewImport with `newPanel`: the file against an empty panel with the draft's settings. */
    async previewNewPanel(upload: ApiParsedRequest<'previewImport'>): Promise<ImportPreviewView> {
      const scratch = waitingDraft(host()).scratch(PREVIEWER);
      const parsed = await helpers.parseUpload(scratch, upload);
      return helpers.toPreviewView(parsed, scratch.previewImport(parsed, helpers.importOptions(upload)));
    },

    /**
     * applyImport with `newPanel`: refused whole for any problem, as an import is; otherwise the host makes the
     * panel (once the window has said how to protect it). `auditEventId` is 0: the panel's history starts when
     * the file is made.
     */
    async applyNewPanel(actor: Actor, upload: ApiParsedRequest<'previewImport'>): Promise<ApiResponses['applyImport']> {
      if (!may(actor.role, 'import')) throw new ModerationError('not_permitted', refusalMessage(actor.role, 'import'));
      const draft = waitingDraft(host());
      const scratch = draft.scratch(PREVIEWER);
      const parsed = await helpers.parseUpload(scratch, upload);
      if (parsed.errors.length > 0) {
        throw Object.assign(new ModerationError('import_invalid', `${parsed.file} has ${parsed.errors.length} problem(s), so no panel was made`), { issues: parsed.errors });
      }
      if (parsed.records.length === 0) throw new ModerationError('import_invalid', `${parsed.file} has no people in it, so no panel was made`);
      const options = helpers.importOptions(upload);
      const view = helpers.toPreviewView(parsed, scratch.previewImport(parsed, options));
      await host()!.make(parsed, { name: upload.newPanel!.name, businessUnit: upload.newPanel!.businessUnit, import: options }, actor);
      return { ...view, auditEventId: 0 };
    },
  };
}
