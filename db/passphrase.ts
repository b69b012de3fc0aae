// Where a host takes a panel's passphrase from (the CLI, the browser host): MODPANEL_KEY, or the environment
// variable named by --passphrase-env, or (discouraged) --key, whose value other users of the computer can
// see in the process list and which stays in the shell's history. An empty passphrase is refused, never
// read as "none".

import { PanelFileError } from './errors';

export const KEY_ON_COMMAND_LINE_WARNING =
  'Warning: a passphrase given with --key can be seen by other users of this computer (in the process list) and stays in your shell history. Set MODPANEL_KEY, or name a variable with --passphrase-env, instead.';

export const UNENCRYPTED_PANEL_WARNING = (path: string) =>
  `Warning: ${path} is not encrypted: anyone who can read the file can read the people in it. Set MODPANEL_KEY (or --passphrase-env VAR) before creating a panel to encrypt it, or encrypt this one with \`modpanel rekey ${path}\`.`;

export interface PassphraseOptions {
  key?: string | undefined;
  'passphrase-env'?: string | undefined;
}

export interface Passphrase {
  key?: string;
  /** Where it came from, for messages. */
  source: '--key' | 'MODPANEL_KEY' | `$${string}` | null;
}

function refuseEmpty(value: string, where: string): string {
  if (value === '') {
    throw new PanelFileError(
      `${where} is set but empty: an empty passphrase cannot protect a panel, and is never taken to mean "no encryption". Give the passphrase, or unset ${where} to work with a panel that is not encrypted.`,
      'empty_passphrase',
    );
  }
  return value;
}

/** The passphrase the command was given, if any; warnings (a passphrase on the command line) go to `warn`. */
export function passphraseFrom(values: PassphraseOptions, env: NodeJS.ProcessEnv, warn: (text: string) => void): Passphrase {
  if (values.key !== undefined) {
    warn(KEY_ON_COMMAND_LINE_WARNING);
    return { key: refuseEmpty(values.key, '--key'), source: '--key' };
  }
  const variable = values['passphrase-env'];
  if (variable !== undefined) {
    const value = env[variable];
    if (value === undefined) throw new PanelFileError(`--passphrase-env names ${variable}, but ${variable} is not set`, 'passphrase_required');
    return { key: refuseEmpty(value, variable), source: `$${variable}` };
  }
  const value = env.MODPANEL_KEY;
  if (value !== undefined) return { key: refuseEmpty(value, 'MODPANEL_KEY'), source: 'MODPANEL_KEY' };
  return { source: null };
}

/** The new passphrase for `modpanel rekey`: MODPANEL_NEW_KEY or --new-passphrase-env VAR. */
export function newPassphraseFrom(variable: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const name = variable ?? 'MODPANEL_NEW_KEY';
  const value = env[name];
  if (value === undefined) {
    if (variable !== undefined) throw new PanelFileError(`--new-passphrase-env names ${variable}, but ${variable} is not set`, 'passphrase_required');
    return undefined;
  }
  return refuseEmpty(value, name);
}
