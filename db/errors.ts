// Errors a person can act on, raised by the panel file and the moderation service.
// Adapters (IPC, web host, CLI) turn them into `{ ok: false, error }` results or exit codes.

/** Why a panel file could not be opened, so a host can act: prompt for the passphrase, offer a retry, … */
export type PanelFileProblem =
  | 'missing'
  | 'passphrase_required'
  | 'wrong_passphrase'
  | 'empty_passphrase'
  | 'not_a_panel'
  | 'newer_version'
  | 'damaged'
  | 'busy'
  | 'other';

export class PanelFileError extends Error {
  constructor(
    message: string,
    readonly problem: PanelFileProblem = 'other',
  ) {
    super(message);
    this.name = 'PanelFileError';
  }
}

export type ModerationErrorCode =
  | 'not_found'
  | 'finalised'
  | 'rule'
  | 'reason_required'
  | 'acknowledgement_required'
  | 'invalid'
  | 'nothing_to_undo'
  | 'nothing_to_redo'
  | 'import_invalid'
  /** Another process holds the panel's write lock (an import running elsewhere): try again. */
  | 'busy'
  /** The panel is encrypted and the window has not given its passphrase yet. */
  | 'locked'
  /** Someone changed this person elsewhere since the window last showed them: the change was not made. */
  | 'changed_elsewhere'
  /** The person's role may not do this (shared/roles.ts): the message names the role that may. */
  | 'not_permitted'
  /** The role has a PIN on this panel and this window (or command) has not given it. */
  | 'pin_required';

export class ModerationError extends Error {
  constructor(
    readonly code: ModerationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ModerationError';
  }
}
