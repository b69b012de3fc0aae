// The contract entries for a new panel made from HR's file through the import wizard (db/newPanelDraft.ts):
// merged into shared/contract.ts's requestSchemas and ApiResponses, served by db/newPanelHandlers.ts. The
// wizard's previewImport and applyImport carry `newPanel` to work on the draft rather than the open panel.

import { z } from 'zod';

/** A new panel's file, waiting for the wizard: nothing has been written yet. */
export interface NewPanelDraftView {
  /** HR's file, as chosen. */
  fileName: string;
  /** The panel file that will be made (its name only). */
  targetName: string;
  bytesBase64: string;
  size: number;
  /** Where the wizard starts: the name from the file's name, the most common business unit in it, this year. */
  name: string;
  businessUnit: string;
  performanceYear: number;
  eligibilityCutoff: string;
}

/** What previewImport and applyImport carry to work on the draft: the new panel's name and business unit. */
export const newPanelChoicesSchema = z.object({
  name: z.string().trim().min(1, 'Give the new panel a name').max(200),
  businessUnit: z.string().trim().max(200),
});

export function newPanelRequestSchemas() {
  return {
    /** The new panel waiting for the wizard, if any (File ▸ New Panel from File; the browser host's --new-panel-from). */
    newPanelDraft: z.object({}),
    /** Drops the waiting new panel: nothing is written. */
    discardNewPanel: z.object({}),
  };
}

export interface NewPanelResponses {
  newPanelDraft: NewPanelDraftView | null;
  discardNewPanel: { discarded: boolean };
}
