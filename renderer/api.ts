// The window's only door to the panel: the typed contract, served by Electron's preload or, in a plain
// browser, by the local web host over HTTP with its per-run token.

import { isPackedPeople, unpackPeople } from '../shared/peopleColumns';
import { API_NAMES, type ApiName, type ApiRequest, type ApiResponses, type PanelApi, type Result } from '../shared/contract';

declare global {
  interface Window {
    /** Set by the Electron preload: one function per contract entry. */
    modpanel?: PanelApi;
  }
}

function webApi(): PanelApi {
  const token = new URLSearchParams(window.location.search).get('token') ?? sessionStorage.getItem('modpanel-token') ?? '';
  if (token) sessionStorage.setItem('modpanel-token', token);
  const api = {} as Record<ApiName, (request: unknown) => Promise<Result<unknown>>>;
  for (const name of API_NAMES) {
    api[name] = async (request: unknown) => {
      try {
        // The token in the query arrives exactly as sent (a header's surrounding spaces are stripped by HTTP).
        const response = await fetch(`/api/${name}?token=${encodeURIComponent(token)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(request ?? {}),
        });
        const result = (await response.json()) as Result<unknown>;
        // The opening answer's people arrive as columns (shared/peopleColumns.ts).
        if (result.ok && name === 'getPanel') {
          const snapshot = result.value as { people: unknown };
          if (isPackedPeople(snapshot.people)) snapshot.people = unpackPeople(snapshot.people);
        }
        return result;
      } catch (error) {
        return { ok: false, error: { code: 'unreachable', message: `The panel host did not answer: ${String(error)}` } };
      }
    };
  }
  return api as unknown as PanelApi;
}

export const api: PanelApi = window.modpanel ?? webApi();

/** Calls an entry and throws its error message, for code paths where a failure ends the action. */
export async function call<K extends ApiName>(name: K, request: ApiRequest<K>): Promise<ApiResponses[K]> {
  const result = await (api[name] as (r: ApiRequest<K>) => Promise<Result<ApiResponses[K]>>)(request);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}
