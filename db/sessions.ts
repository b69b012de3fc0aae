// Who is writing: each service instance writes for one session, recorded on every audit event, so undo can
// be per person and session and a message can say where a change came from ("with modpanel", "in the
// desktop app"). Every run of the command line is the one session `cli`, so `modpanel undo` undoes the
// last `modpanel move` made by the same person.

import { randomUUID } from 'node:crypto';

export const SESSION_PROGRAMS = ['cli', 'desktop', 'web', 'service'] as const;
export type SessionProgram = (typeof SESSION_PROGRAMS)[number];

/** A new session id: `cli` for the command line, `<program>:<uuid>` for a window or a test's service. */
export function newSessionId(program: SessionProgram): string {
  return program === 'cli' ? 'cli' : `${program}:${randomUUID()}`;
}

export function sessionProgram(session: string | null): SessionProgram | null {
  if (session === null) return null;
  const program = session.split(':')[0];
  return (SESSION_PROGRAMS as readonly string[]).includes(program ?? '') ? (program as SessionProgram) : null;
}

/** "with modpanel (the command line)", "in the desktop app", … for messages about a change made elsewhere. */
export function describeSession(session: string | null): string {
  switch (sessionProgram(session)) {
    case 'cli':
      return 'with modpanel (the command line)';
    case 'desktop':
      return 'in the desktop app';
    case 'web':
      return 'in a browser window';
    case 'service':
      return 'in another program';
    default:
      return session === 'migration' ? 'when the file was upgraded' : 'elsewhere';
  }
}

/** The program's name as a person would say it: "modpanel", "the desktop app", … */
export function programName(program: SessionProgram): string {
  return { cli: 'modpanel (the command line)', desktop: 'the desktop app', web: 'the browser window (npm run web)', service: 'another program' }[program];
}
