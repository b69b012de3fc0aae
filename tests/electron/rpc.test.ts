// Calls between the main process and the panel process (electron/rpc.ts), over a real MessageChannel: values
// and errors cross by structured clone as they do over Electron's parent port, in both directions, and a call
// still waiting when the port closes is refused rather than left hanging.

import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { ModerationError, PanelFileError } from '../../db/errors';
import { RemoteError, RpcClosedError, connectRpc, type PortLike } from '../../electron/rpc';

const opened: MessagePort[] = [];
afterEach(() => {
  for (const port of opened.splice(0)) port.close();
});

function portOf(port: MessagePort): PortLike {
  opened.push(port);
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', listener);
      return () => port.off('message', listener);
    },
  };
}

interface PanelSide {
  count(people: number[]): number;
  move(staffId: string): Promise<{ staffId: string; to: string }>;
  refuse(): never;
  locked(): never;
  slow(): Promise<string>;
}

interface MainSide {
  chooseTarget(name: string): Promise<string | null>;
}

function pair(panelSide: object, mainSide: object) {
  const { port1, port2 } = new MessageChannel();
  const main = connectRpc<PanelSide>(portOf(port1), mainSide);
  const panel = connectRpc<MainSide>(portOf(port2), panelSide);
  return { main, panel };
}

describe('connectRpc', () => {
  it('answers calls in both directions with their values', async () => {
    const { main } = pair(
      {
        count: (people: number[]) => people.length,
        move: async (staffId: string) => ({ staffId, to: 'High Performing' }),
      },
      { chooseTarget: async (name: string) => `/home/pat/${name}` },
    );
    expect(await main.remote.count([1, 2, 3])).toBe(3);
    expect(await main.remote.move('S100012')).toEqual({ staffId: 'S100012', to: 'High Performing' });
  });

  it('lets the panel side call the main side while a call of its own is in progress', async () => {
    const { port1, port2 } = new MessageChannel();
    const mainPeer = connectRpc<PanelSide & { merge(): Promise<string | null> }>(portOf(port1), {
      chooseTarget: async (name: string) => `/home/pat/${name}`,
    });
    let panelPeer: ReturnType<typeof connectRpc<MainSide>> | null = null;
    panelPeer = connectRpc<MainSide>(portOf(port2), {
      // A merge asks the main process where to save before it finishes: nested calls each get their answer.
      merge: async () => panelPeer!.remote.chooseTarget('Overall.modpanel'),
    });
    expect(await mainPeer.remote.merge()).toBe('/home/pat/Overall.modpanel');
  });

  it('carries an error’s message, code and problem, so the window can show a precise message', async () => {
    const { main } = pair(
      {
        refuse: () => {
          throw new ModerationError('not_permitted', 'Only the chair moves people.');
        },
        locked: () => {
          throw new PanelFileError('policy.modpanel is encrypted and needs its passphrase', 'passphrase_required');
        },
      },
      {},
    );
    const refused = await main.remote.refuse().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RemoteError);
    expect(refused).toMatchObject({ message: 'Only the chair moves people.', code: 'not_permitted' });
    const locked = await main.remote.locked().catch((error: unknown) => error);
    expect(locked).toMatchObject({ message: 'policy.modpanel is encrypted and needs its passphrase', problem: 'passphrase_required' });
  });

  it('refuses methods the other side does not serve, including Object.prototype’s', async () => {
    const { main } = pair({ count: () => 1 }, {});
    const remote = main.remote as unknown as Record<string, () => Promise<unknown>>;
    await expect(remote.nothingLikeThis!()).rejects.toThrow('No such method: nothingLikeThis');
    await expect(remote.toString!()).rejects.toThrow('No such method: toString');
    await expect(remote.constructor!()).rejects.toThrow('No such method: constructor');
  });

  it('refuses a call still waiting when the port closes, and any later call, with the reason', async () => {
    let finish: (value: string) => void = () => undefined;
    const { main } = pair({ slow: () => new Promise<string>((resolve) => (finish = resolve)) }, {});
    const waiting = main.remote.slow();
    main.close('The panel process stopped unexpectedly (exit code 9).');
    await expect(waiting).rejects.toBeInstanceOf(RpcClosedError);
    await expect(waiting).rejects.toThrow('exit code 9');
    await expect(main.remote.count([])).rejects.toThrow('exit code 9');
    finish('too late');
    expect(main.closed).toBe(true);
  });
});
