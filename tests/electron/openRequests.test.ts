// Files the OS asks the desktop app to open (electron/openRequests.ts): held until start-up is over, never
// dropped, opened one at a time, and of several asked for meanwhile the last one wins.

import { describe, expect, it } from 'vitest';
import { OpenRequests } from '../../electron/openRequests';

function opener() {
  const opened: string[] = [];
  let release: () => void = () => undefined;
  let hold = false;
  const open = async (path: string) => {
    opened.push(path);
    if (hold) await new Promise<void>((resolve) => (release = resolve));
  };
  return {
    opened,
    open,
    holdNext() {
      hold = true;
    },
    release() {
      hold = false;
      release();
    },
  };
}

describe('OpenRequests', () => {
  it('gives start-up the file macOS launched the app with, so it is opened first and once', async () => {
    const files = opener();
    const requests = new OpenRequests(files.open);
    requests.request('/Users/pat/policy.modpanel'); // open-file, before the app is ready
    expect(files.opened).toEqual([]);
    expect(requests.takeWaiting()).toBe('/Users/pat/policy.modpanel');
    await requests.markReady();
    expect(files.opened).toEqual([]);
  });

  it('opens a file that arrives during start-up once start-up is over, instead of dropping it', async () => {
    const files = opener();
    const requests = new OpenRequests(files.open);
    expect(requests.takeWaiting()).toBeNull(); // start-up found nothing waiting and is opening the demo…
    requests.request('/Users/pat/finance.modpanel'); // …when Finder sends a file
    expect(files.opened).toEqual([]);
    await requests.markReady();
    expect(files.opened).toEqual(['/Users/pat/finance.modpanel']);
  });

  it('opens each later request as it comes', async () => {
    const files = opener();
    const requests = new OpenRequests(files.open);
    await requests.markReady();
    requests.request('/a.modpanel');
    await requests.settled();
    requests.request('/b.modpanel');
    await requests.settled();
    expect(files.opened).toEqual(['/a.modpanel', '/b.modpanel']);
  });

  it('opens one at a time; of the files asked for while one opens, the last', async () => {
    const files = opener();
    const requests = new OpenRequests(files.open);
    await requests.markReady();
    files.holdNext();
    requests.request('/first.modpanel');
    requests.request('/second.modpanel');
    requests.request('/third.modpanel');
    expect(files.opened).toEqual(['/first.modpanel']);
    files.release();
    await requests.settled();
    expect(files.opened).toEqual(['/first.modpanel', '/third.modpanel']);
  });

  it('keeps going after a file that fails to open (the opener reports it)', async () => {
    const opened: string[] = [];
    const requests = new OpenRequests(async (path) => {
      opened.push(path);
      if (path === '/broken.modpanel') throw new Error('not a panel');
    });
    await requests.markReady();
    requests.request('/broken.modpanel');
    await requests.settled();
    requests.request('/good.modpanel');
    await requests.settled();
    expect(opened).toEqual(['/broken.modpanel', '/good.modpanel']);
  });
});
