import type { BigdataInputErrorCode } from '../../server/features/jobs/bigdata-protocol.ts';

/**
 * A CSV the `bigdata.process` job refuses. The message is for the person who
 * uploaded it: it names the row (numbered like a spreadsheet, the header is
 * row 1) and what is wrong, e.g. `row 17 has 5 fields, the header has 4`.
 *
 * @example
 * throw new BigdataInputError('empty', 'the CSV has a header row but no data rows');
 */
export class BigdataInputError extends Error {
  constructor(
    readonly code: BigdataInputErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BigdataInputError';
  }
}
