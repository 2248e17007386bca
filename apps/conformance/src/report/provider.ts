import type { Report } from '../catalogue/types.js';

/**
 * What live mode says about a provider, derived from every check (failed
 * ones first) and the observations. Nothing in it comes from a step that
 * did not run.
 */
export interface ProviderSummary {
  /** The provider's host, as the headings name it. */
  readonly host: string;
  /** Refusals (the provider's fault, with the RFC section), errors and failed checks. */
  readonly wrong: readonly string[];
  /** Where the provider departs from the specification (and the client works around it). */
  readonly departs: readonly string[];
  /** What the specification allows but a user should know: rotation, no `iss` advertised, … */
  readonly allowed: readonly string[];
  /** Steps that did not run or had nothing to check, each with its reason. */
  readonly notChecked: readonly string[];
  /** Every check passed: only then may the summary say the provider followed the specification. */
  readonly clean: boolean;
  /** Checks that passed, so "nothing seen" is not said when nothing was looked at. */
  readonly passedChecks: number;
}

/** A live report: the report, plus the provider summary. */
export interface LiveReport extends Report {
  readonly provider?: ProviderSummary;
}

/** One heading of the summary: its lines, or the one sentence that stands for none. */
export interface ProviderSection {
  readonly heading: string;
  /** Mark before each line in the terminal. */
  readonly mark: string;
  readonly lines: readonly string[];
  /** Shown instead of lines when there are none. */
  readonly empty: string;
}

/**
 * The three headings (and "Not checked" when a step did not run), as text
 * the terminal and the HTML page share. "Followed the specification" is
 * said only when every check passed.
 */
export function providerSections(summary: ProviderSummary): ProviderSection[] {
  const { host, clean } = summary;
  const none = (what: string) =>
    clean
      ? what
      : summary.passedChecks === 0
        ? 'not known: nothing could be checked'
        : `none seen in what ran (${summary.passedChecks} checks passed, but the run failed)`;
  return [
    {
      heading: `What ${host} got wrong (refusals, errors, failed checks):`,
      mark: '✘',
      lines: summary.wrong,
      empty: 'nothing',
    },
    {
      heading: `Where ${host} departs from the specification:`,
      mark: '!',
      lines: summary.departs,
      empty: none('nothing: it followed the specification in everything checked'),
    },
    {
      heading: 'Allowed, but worth knowing:',
      mark: '·',
      lines: summary.allowed,
      empty: none('nothing'),
    },
    ...(summary.notChecked.length
      ? [{ heading: 'Not checked:', mark: '–', lines: summary.notChecked, empty: '' }]
      : []),
  ];
}
