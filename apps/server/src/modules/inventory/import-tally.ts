import type { InvalidReason } from './parse-keys';

/** Invalid lines kept for the downloadable report; the counts stay exact beyond it. */
export const REPORT_MAX_LINES = 10_000;

/** Counts of one import as it streams, and the report of its invalid lines ("line<TAB>reason"). */
export class ImportTally {
  valid = 0;
  invalid = 0;
  #report: string[] = [];

  /** Records an invalid line. */
  addInvalid(line: number, reason: InvalidReason): void {
    this.invalid++;
    if (this.#report.length < REPORT_MAX_LINES) this.#report.push(`${line}\t${reason}`);
  }

  /** The report text stored with the batch. */
  report(): string {
    if (!this.#report.length) return '';
    const more = this.invalid - this.#report.length;
    return this.#report.join('\n') + '\n' + (more > 0 ? `…\t${more} more\n` : '');
  }
}
