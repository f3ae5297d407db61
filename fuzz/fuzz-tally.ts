import type { Outcome, Verdict } from './send-hostile.ts';

/** A finding: what was sent, where, and what came back. */
export type Finding = { where: string; verdict: Verdict; answer: string; detail: string; sent: string };

/** Counts of a fuzz run: events sent, verdicts, answers, and the findings (every verdict but "answered"). */
export type FuzzTally = {
  events: number;
  verdicts: Record<Verdict, number>;
  /** How often each answer came back: `ok`, an error code, `connect_error`, `closed`, … */
  answers: Record<string, number>;
  findings: Finding[];
  /** Records one event's outcome; `sent` describes the event for the report. */
  record(where: string, outcome: Outcome, sent: () => string): void;
};

/** An empty tally. */
export function createFuzzTally(): FuzzTally {
  const tally: FuzzTally = {
    events: 0,
    verdicts: { answered: 0, unanswered: 0, malformed: 0, internal: 0, misjudged: 0 },
    answers: {},
    findings: [],
    record(where, outcome, sent) {
      tally.events += 1;
      tally.verdicts[outcome.verdict] += 1;
      tally.answers[outcome.answer] = (tally.answers[outcome.answer] ?? 0) + 1;
      if (outcome.verdict !== 'answered') {
        tally.findings.push({ where, verdict: outcome.verdict, answer: outcome.answer, detail: outcome.detail ?? '', sent: sent() });
      }
    },
  };
  return tally;
}

/** A short, printable form of an event's data (Buffers and long strings abbreviated). */
export function describeSent(data: unknown, limit = 300): string {
  const text = JSON.stringify(data, (_key, value: unknown) => {
    if (typeof value === 'string' && value.length > 80) return `${value.slice(0, 40)}…(${value.length} chars)`;
    if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer') return '<Buffer>';
    return value;
  });
  return (text ?? String(data)).slice(0, limit);
}
