/**
 * Makes the process outlive the reader of its stdout and stderr (a
 * supervisor or terminal that went away): a write to a closed pipe fails
 * with EPIPE, and without a listener that error is thrown — killing the
 * process, or, when a logger of uncaught exceptions writes to the same pipe
 * (Next.js installs one), failing again forever at full CPU. With these
 * listeners the output is dropped and the process carries on.
 */
export function dropOutputWhenReaderGone(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', () => {
      // Nobody reads this stream any more: there is nowhere left to say so.
    });
  }
}
