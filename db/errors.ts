// Errors a person can act on, raised by the panel file and the moderation service.
// Adapters (IPC, web host, CLI) turn them into `{ ok: false, error }` results or exit codes.

export class PanelFileError extends Error {
  constructor(message: string) {
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
  | 'import_invalid';

export class ModerationError extends Error {
  constructor(
    readonly code: ModerationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ModerationError';
  }
}
