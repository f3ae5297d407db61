/**
 * Per-address limits raised for test stacks: every test client connects and
 * uploads from 127.0.0.1, and the test databases outlive a run (other runs'
 * unfinished jobs and kept datasets count against that one address). Each
 * limit's own test sets its value explicitly.
 */
export const LOOPBACK_TEST_LIMITS = {
  HANDSHAKES_PER_MINUTE: '100000',
  JOBS_PER_ADDRESS: '10000',
  UPLOADS_PER_MINUTE: '100000',
  POLL_VOTES_PER_ADDRESS_PER_HOUR: '100000',
  ANONYMOUS_UPLOAD_BYTES_PER_ADDRESS: String(1024 ** 4),
  ANONYMOUS_UPLOAD_BYTES_TOTAL: String(1024 ** 4),
} as const;
