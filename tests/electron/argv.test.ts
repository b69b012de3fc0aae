// What the desktop app is asked to open on its command line (electron/argv.ts), as each OS passes it: a path,
// --panel, and on Linux a file:// URL from the .desktop entry's `Exec=… %U`.

import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { argumentPath, panelPathFromArgv } from '../../electron/argv';

const exe = '/opt/Moderation Panel/moderation-panel';

describe('panelPathFromArgv with file:// URLs (Linux launchers)', () => {
  it('turns a file:// URL into the file it names, decoding spaces and accents', () => {
    expect(panelPathFromArgv([exe, 'file:///home/pat/Policy%20Group%202025.modpanel'], '/home/pat/Documents')).toBe('/home/pat/Policy Group 2025.modpanel');
    expect(panelPathFromArgv([exe, 'file:///home/si%C3%A2n/panel.modpanel'], '/')).toBe('/home/siân/panel.modpanel');
    expect(panelPathFromArgv([exe, pathToFileURL('/tmp/a b#c.modpanel').href], '/w')).toBe('/tmp/a b#c.modpanel');
  });

  it('takes file://localhost/ like file:///, and --panel with a URL too', () => {
    expect(panelPathFromArgv([exe, 'file://localhost/srv/panels/x.modpanel'], '/')).toBe('/srv/panels/x.modpanel');
    expect(panelPathFromArgv([exe, '--panel', 'file:///srv/y.modpanel'], '/')).toBe('/srv/y.modpanel');
    expect(panelPathFromArgv([exe, '--panel=file:///srv/z.modpanel'], '/')).toBe('/srv/z.modpanel');
  });

  it('never turns a URL into a path relative to the working folder', () => {
    const path = panelPathFromArgv([exe, 'file:///home/pat/p.modpanel'], '/home/pat/Documents');
    expect(path).toBe('/home/pat/p.modpanel');
    expect(path).not.toContain('file:');
  });

  it('ignores a URL for another computer, or one that is not a panel file', () => {
    expect(panelPathFromArgv([exe, 'file://fileserver/share/p.modpanel'], '/')).toBeNull();
    expect(panelPathFromArgv([exe, 'file:///home/pat/people.csv'], '/')).toBeNull();
    expect(argumentPath('file://fileserver/share/p.modpanel', '/')).toBeNull();
  });

  it('keeps plain paths as they were', () => {
    expect(panelPathFromArgv([exe, 'relative.modpanel'], '/home/pat')).toBe('/home/pat/relative.modpanel');
    expect(panelPathFromArgv([exe, '--no-sandbox', '/abs/p.modpanel'], '/w')).toBe('/abs/p.modpanel');
  });
});
