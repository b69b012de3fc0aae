// The contract entries for trusting the panel file (issue 9): opening an encrypted panel in the window
// (the passphrase prompt, remembering it on this computer), protecting a new panel, checking the history,
// and noticing changes made elsewhere (another window, the CLI). Merged into shared/contract.ts.

import { z } from 'zod';
import type { HistoryVerification } from './historyVerification';

const passphrase = z.string().min(1, 'Give the passphrase').max(1024, 'A passphrase is at most 1,024 characters');

export const trustRequestSchemas = {
  /** Whether the window must ask for a passphrase before it can show a panel, and what it may offer. */
  lockState: z.object({}),
  /** The passphrase for the panel waiting to be opened; `remember` keeps it on this computer (desktop only). */
  unlockPanel: z.object({ passphrase, remember: z.boolean().default(false) }),
  /**
   * The passphrase for a new panel being made from HR's file in the window; null makes it without
   * encryption, which the person must choose explicitly (an empty passphrase is never taken as that).
   */
  protectNewPanel: z.object({ passphrase: passphrase.nullable(), remember: z.boolean().default(false) }),
  /** Gives up opening (or making) the waiting panel; the panel open before stays open. */
  cancelUnlock: z.object({}),
  /** Forgets the passphrase remembered for the open panel on this computer. */
  forgetPassphrase: z.object({}),
  /** Checks the history's chain and that everyone equals its replay; `hash` ties an earlier export to it. */
  verifyHistory: z.object({ hash: z.string().trim().regex(/^[0-9a-fA-F]{12,64}$/, 'a history hash (12 to 64 hex digits)').optional() }),
  /** The newest change made from elsewhere: the window polls it and reloads when it moves. */
  panelVersion: z.object({}),
} as const;

export interface LockState {
  /** True while a panel is waiting for its passphrase (or a new panel for its protection). */
  locked: boolean;
  /** What the window must ask: the passphrase of a panel, or how to protect a new one. */
  waitingFor: 'passphrase' | 'new_panel' | null;
  fileName: string | null;
  /** A panel is open behind the prompt, so cancelling returns to it. */
  canCancel: boolean;
  /** Whether "remember on this computer" can be offered, and if not, why (said beside the checkbox). */
  canRemember: boolean;
  rememberNote: string | null;
  /** Whether the open panel's passphrase is remembered on this computer. */
  remembered: boolean;
  /** Whether the open panel is encrypted (null when none is open). */
  encrypted: boolean | null;
  /** The last attempt's problem (a wrong passphrase), for the prompt. */
  problem: string | null;
}

export interface TrustResponses {
  lockState: LockState;
  unlockPanel: { fileName: string };
  protectNewPanel: { fileName: string; encrypted: boolean };
  cancelUnlock: { cancelled: boolean };
  forgetPassphrase: { forgotten: boolean };
  verifyHistory: HistoryVerification & { hashFoundAt: number | null };
  panelVersion: { externalVersion: number };
}

/** Said wherever a file with personal data leaves the panel (exports). */
export const EXPORT_NOT_ENCRYPTED =
  'This file is not encrypted and holds personal data about named people: keep it somewhere protected, send it only by an approved route, and delete it when it is no longer needed.';
