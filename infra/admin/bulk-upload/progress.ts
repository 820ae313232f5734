/**
 * The bulk upload's progress on stderr: redrawn in place on a terminal, plain lines every few seconds
 * otherwise (a CI log or a file would fill up with carriage returns). No library: one line of text.
 */

export interface ProgressState {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  rows: number;
  failures: number;
  retries: number;
  startedAt: number;
}

const clock = (ms: number) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

/** Remaining time from the bytes done so far; unknown until something is done. */
export const etaMs = (p: ProgressState, now: number): number | undefined =>
  p.bytesDone === 0 || p.bytesTotal === 0
    ? undefined
    : ((now - p.startedAt) * (p.bytesTotal - p.bytesDone)) / p.bytesDone;

/** `[########------------]  8/20 files  1,234 rows  1 failed  ETA 0:12` */
export const formatProgress = (p: ProgressState, now: number, width = 20): string => {
  const filled = p.filesTotal === 0 ? width : Math.round((p.filesDone / p.filesTotal) * width);
  const eta = p.filesDone === p.filesTotal ? 'done' : etaMs(p, now);
  return [
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`,
    `${p.filesDone}/${p.filesTotal} files`,
    `${p.rows.toLocaleString('en-US')} rows`,
    `${p.failures} failed`,
    ...(p.retries > 0 ? [`${p.retries} retried`] : []),
    eta === 'done' ? `${clock(now - p.startedAt)} total` : `ETA ${eta === undefined ? '?' : clock(eta)}`,
  ].join('  ');
};

export interface ProgressOutput {
  isTTY?: boolean;
  write(s: string): unknown;
}

/** Draws the progress: in place on a TTY (at most every 100 ms), else one line at most every `intervalMs`. */
export class ProgressBar {
  private lastDraw = -Infinity;

  constructor(
    private readonly out: ProgressOutput,
    private readonly now: () => number = Date.now,
    private readonly intervalMs = 2000,
  ) {}

  update(p: ProgressState, force = false): void {
    const now = this.now();
    const every = this.out.isTTY ? 100 : this.intervalMs;
    if (!force && now - this.lastDraw < every) return;
    this.lastDraw = now;
    const line = formatProgress(p, now);
    // \r + "erase line" keeps one line on a terminal.
    this.out.write(this.out.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
  }

  /** The last state, and on a TTY the newline that leaves the bar in place. */
  finish(p: ProgressState): void {
    this.update(p, true);
    if (this.out.isTTY) this.out.write('\n');
  }
}
