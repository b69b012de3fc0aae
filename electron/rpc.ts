// Typed calls in both directions over one message port: the main process and the panel process (a utility
// process) each serve a table of methods and call the other's. Every call is answered exactly once, with its
// value or with the error's message (and its code or problem, when it has one); when the port closes, every
// call still waiting is refused with the reason. Written against a minimal PortLike, so it is tested under
// Node with a MessageChannel or a child process standing in for Electron's.

/** The two ends Electron offers (UtilityProcess in main, process.parentPort in the utility process), reduced. */
export interface PortLike {
  postMessage(message: unknown): void;
  /** Subscribes to incoming messages; returns a function that unsubscribes. */
  onMessage(listener: (message: unknown) => void): () => void;
}

/** The other side's methods as this side calls them: always asynchronous. */
export type Remote<M> = {
  [K in keyof M]: M[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

const CALL = 'modpanel-rpc-call';
const REPLY = 'modpanel-rpc-reply';

interface CallMessage {
  kind: typeof CALL;
  id: number;
  method: string;
  args: unknown[];
}

type ReplyMessage =
  | { kind: typeof REPLY; id: number; ok: true; value: unknown }
  | { kind: typeof REPLY; id: number; ok: false; error: RemoteErrorShape };

interface RemoteErrorShape {
  message: string;
  name?: string;
  code?: string;
  problem?: string;
}

/** An error thrown on the other side, as this side sees it: the message, and the code or problem it carried. */
export class RemoteError extends Error {
  readonly code: string | undefined;
  readonly problem: string | undefined;

  constructor(shape: RemoteErrorShape) {
    super(shape.message);
    this.name = shape.name ?? 'RemoteError';
    this.code = shape.code;
    this.problem = shape.problem;
  }
}

/** The port closed (the other process ended) before the call was answered. */
export class RpcClosedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RpcClosedError';
  }
}

function isCall(message: unknown): message is CallMessage {
  const m = message as Partial<CallMessage> | null;
  return typeof m === 'object' && m !== null && m.kind === CALL && typeof m.id === 'number' && typeof m.method === 'string' && Array.isArray(m.args);
}

function isReply(message: unknown): message is ReplyMessage {
  const m = message as Partial<ReplyMessage> | null;
  return typeof m === 'object' && m !== null && m.kind === REPLY && typeof m.id === 'number' && typeof m.ok === 'boolean';
}

function errorShape(error: unknown): RemoteErrorShape {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, problem } = error as Error & { code?: unknown; problem?: unknown };
  return {
    message: error.message,
    name: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    ...(typeof problem === 'string' ? { problem } : {}),
  };
}

export interface RpcPeer<RemoteMethods> {
  remote: Remote<RemoteMethods>;
  /** Refuses every call still waiting (and any later one) with `reason`, and stops listening. */
  close(reason: string): void;
  readonly closed: boolean;
}

export function connectRpc<RemoteMethods>(port: PortLike, local: object): RpcPeer<RemoteMethods> {
  let nextId = 1;
  let closedReason: string | null = null;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  const serve = async (call: CallMessage): Promise<void> => {
    let reply: ReplyMessage;
    try {
      // Own methods or a class's, never Object.prototype's (toString, constructor, __proto__…).
      const method: unknown = call.method in local && !(call.method in Object.prototype) ? (local as Record<string, unknown>)[call.method] : undefined;
      if (typeof method !== 'function') throw new Error(`No such method: ${call.method}`);
      reply = { kind: REPLY, id: call.id, ok: true, value: await (method as (...args: unknown[]) => unknown).apply(local, call.args) };
    } catch (error) {
      reply = { kind: REPLY, id: call.id, ok: false, error: errorShape(error) };
    }
    if (closedReason !== null) return;
    try {
      port.postMessage(reply);
    } catch (error) {
      // A value that cannot cross (a function, a class instance) is a bug on this side: say so to the caller.
      port.postMessage({ kind: REPLY, id: call.id, ok: false, error: { message: `The answer to ${call.method} could not be sent: ${errorShape(error).message}` } } satisfies ReplyMessage);
    }
  };

  const unsubscribe = port.onMessage((message) => {
    if (isCall(message)) {
      void serve(message);
      return;
    }
    if (isReply(message)) {
      const pending = waiting.get(message.id);
      if (!pending) return;
      waiting.delete(message.id);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(new RemoteError(message.error));
    }
  });

  const remote = new Proxy({} as Remote<RemoteMethods>, {
    get(_target, method) {
      if (typeof method !== 'string') return undefined;
      return (...args: unknown[]) =>
        new Promise((resolve, reject) => {
          if (closedReason !== null) {
            reject(new RpcClosedError(closedReason));
            return;
          }
          const id = nextId++;
          waiting.set(id, { resolve, reject });
          try {
            port.postMessage({ kind: CALL, id, method, args } satisfies CallMessage);
          } catch (error) {
            waiting.delete(id);
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
    },
  });

  return {
    remote,
    get closed() {
      return closedReason !== null;
    },
    close(reason: string) {
      if (closedReason !== null) return;
      closedReason = reason;
      unsubscribe();
      for (const pending of waiting.values()) pending.reject(new RpcClosedError(reason));
      waiting.clear();
    },
  };
}
