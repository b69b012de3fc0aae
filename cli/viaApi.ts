// The command line goes through the same API layer as the window (db/api.ts): the same validation, the
// same service calls, and one policy for who sees what — people without their characteristics, the
// breakdowns HR's or the room's, discussion times for HR only. A refusal becomes the ModerationError the
// command prints as one line (exit 1).

import { createPanelApi } from '../db/api';
import { ModerationError, type ModerationErrorCode } from '../db/errors';
import type { ApiName, ApiRequest, ApiResponses, PanelApi } from '../shared/contract';
import type { ModerationService } from '../db/service';

const apis = new WeakMap<ModerationService, PanelApi>();

function apiFor(service: ModerationService): PanelApi {
  let api = apis.get(service);
  if (!api) {
    api = createPanelApi({ service: () => service });
    apis.set(service, api);
  }
  return api;
}

/** Calls a contract entry for this open panel; its refusal is thrown with the API's code and message. */
export async function viaApi<K extends ApiName>(service: ModerationService, name: K, request: ApiRequest<K>): Promise<ApiResponses[K]> {
  const call = apiFor(service)[name] as unknown as (r: ApiRequest<K>) => ReturnType<PanelApi[K]>;
  const result = await call(request);
  if (result.ok) return result.value as ApiResponses[K];
  const code = (result.error.code === 'invalid_request' || result.error.code === 'unexpected' ? 'invalid' : result.error.code) as ModerationErrorCode;
  const error = new ModerationError(code, result.error.message);
  throw result.error.issues ? Object.assign(error, { issues: result.error.issues }) : error;
}
