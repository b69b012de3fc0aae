// Files the operating system asks the app to open, held until the app can open them and then opened one at a
// time. macOS sends a double-clicked file as an `open-file` event, possibly before the app is ready, while
// start-up is still opening the first panel, or while the app runs with no window; a second launch (Windows,
// Linux) sends it as `second-instance`. None of these may be dropped. Only one panel is open at a time, so
// of several files asked for while one was opening, the last one asked for is opened (as the last window a
// user double-clicks is the one they expect to see). No Electron import, so it is unit-tested.

export type OpenPanel = (path: string) => Promise<unknown>;

export class OpenRequests {
  private waiting: string | null = null;
  private ready = false;
  private running: Promise<void> | null = null;

  constructor(private readonly openPanel: OpenPanel) {}

  /** A file to open: now if start-up is over, else as soon as it is. */
  request(path: string): void {
    this.waiting = path;
    if (this.ready) this.drain();
  }

  /**
   * The file start-up should open first, if the OS has already asked for one (macOS sends `open-file` before
   * `ready` when a file launches the app). Taken, so it is not opened twice.
   */
  takeWaiting(): string | null {
    const path = this.waiting;
    this.waiting = null;
    return path;
  }

  /** Start-up is over: open whatever arrived meanwhile, and every later request as it comes. */
  markReady(): Promise<void> {
    this.ready = true;
    return this.drain();
  }

  /** Resolves once nothing is waiting or opening (tests, and quitting cleanly). */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private drain(): Promise<void> {
    if (this.running) return this.running;
    if (this.waiting === null) return Promise.resolve();
    const run = this.openWaiting().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async openWaiting(): Promise<void> {
    while (this.waiting !== null) {
      const path = this.waiting;
      this.waiting = null;
      try {
        await this.openPanel(path);
      } catch {
        // The opener reports its own failures (a dialog naming the file); the next request still runs.
      }
    }
  }
}
