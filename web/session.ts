// The web host's open panel: one ModerationService at a time, which the window can switch to a new overall
// panel made from unit panels (issue 8). New panels are written beside the panel the host was started on,
// never over an existing file.

import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { PanelSession } from '../db/api';
import { UnitPanelStaging, type OverallPanelHost } from '../db/mergeApi';
import { ModerationService } from '../db/service';

/** `name.modpanel`, or `name (2).modpanel`… in `folder`: the first that does not exist. */
export function freePanelPath(folder: string, fileName: string): string {
  const stem = basename(fileName, extname(fileName)) || 'Overall panel';
  let candidate = join(folder, `${stem}.modpanel`);
  for (let i = 2; existsSync(candidate); i++) candidate = join(folder, `${stem} (${i}).modpanel`);
  return candidate;
}

export class WebPanelSession implements PanelSession {
  readonly overall: OverallPanelHost;

  constructor(
    private current: ModerationService,
    /** Where new panels are written. */
    folder: string,
    /** Told each time another panel is opened (the host prints its path). */
    onOpen: (path: string) => void = () => {},
  ) {
    this.overall = {
      staging: new UnitPanelStaging(),
      target: async (fileName) => freePanelPath(folder, fileName),
      open: (path, key) => {
        // The new file is opened before the old one is closed: a failure leaves the current panel in place.
        const next = ModerationService.open(path, key ? { key } : {});
        const previous = this.current;
        this.current = next;
        previous.close();
        onOpen(path);
      },
    };
  }

  service(): ModerationService {
    return this.current;
  }

  close(): void {
    this.overall.staging.clear();
    this.current.close();
  }
}
