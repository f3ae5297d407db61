/** The validated, frozen settings of a Switchyard process. */
export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string;
  redisUrl: string;
  /**
   * Nodes (`host:port`) of the Redis Cluster every role uses instead of
   * `redisUrl`'s server (which then only gives credentials and TLS); empty:
   * one Redis server. Any node is enough to find the others; all are checked at start.
   */
  redisClusterNodes: readonly string[];
  /**
   * (Cluster) how many sharded channels carry each namespace's room messages
   * (server/layer/sharded-channels.ts); the same on every process.
   */
  pubsubPartitions: number;
  /**
   * Where the BullMQ job queues live (and with them the workers' cancellations
   * and the retention schedule): REDIS_QUEUE_URL's server when set, otherwise
   * the deployment's Redis (`redisUrl` or the cluster).
   */
  queueRedis: Readonly<{ redisUrl: string; redisClusterNodes: readonly string[] }>;
  redisPrefix: string;
  secretKey: string;
  /** True when SECRET_KEY was not set and the development key is in use (never in production: refused). */
  insecureSecret: boolean;
  /** Origins allowed to open sockets besides the server's own origin. */
  allowedOrigins: readonly string[];
  channelLayer: 'redis' | 'memory';
  transports: readonly ('websocket' | 'polling')[];
  maxMessageBytes: number;
  /** Unsent bytes a connection may have waiting before the server drops it (a client that stopped reading). */
  maxSocketBufferBytes: number;
  replyTtlMs: number;
  replyMaxMessages: number;
  groupExpiryMs: number;
  rateLimit: Readonly<{ perSecond: number; burst: number }>;
  sessionTtlSeconds: number;
  /** How often each interface server re-checks its sockets' sessions (expiry, deleted users, changed rights), in ms. */
  sessionRecheckMs: number;
  /** Failed logins allowed per username and client address per minute; more are refused with 429. */
  loginFailuresPerMinute: number;
  /** Failed logins per client address (any usernames) per 15 minutes. */
  loginFailuresPerAddress: number;
  /** Failed logins per username (from any addresses) per 15 minutes. */
  loginFailuresPerUsername: number;
  /** Password hashes a process runs at once, and how many logins may wait for one; more answer 429. */
  loginHashes: Readonly<{ concurrency: number; queue: number }>;
  /** Socket.IO namespace handshakes one client address may make per minute; more are refused with `rate_limited`. */
  handshakesPerMinute: number;
  /** Reverse proxies in front whose X-Forwarded-For/Host/Proto are believed (0: the TCP peer is the client, its socket and Host header the origin). */
  trustedProxies: number;
  shutdownTimeoutMs: number;
  /**
   * Connections the kernel holds for the server before it accepts them (the listen backlog; the kernel caps it at
   * net.core.somaxconn). When a server dies its clients reconnect to the others at once: beyond the backlog the
   * kernel drops their handshakes and they wait out TCP's retransmission timers (1, 2, 4 s…) instead of their turn.
   */
  listenBacklog: number;
  /** How long a worker's lock on a running job lives; a dead worker's job is retried after about this long. */
  jobLockMs: number;
  /** Jobs a client may have queued or running at once. */
  jobsPerClient: number;
  /** Jobs anonymous clients from one address (an IPv6 /64) may have in flight at once, whatever their reply channels. */
  jobsPerAddress: number;
  /** Limits of `POST /api/jobs/bigdata` (docs/reliability.md, "Limits and abuse"). */
  uploads: Readonly<{
    /** Uploads one address may start per minute, counted in Redis across interface servers. */
    perMinute: number;
    /** Uploads one interface server process receives at once. */
    inFlight: number;
    /** Uploads one interface server process receives at once from one address. */
    inFlightPerAddress: number;
    /** Bytes of datasets anonymous clients from one address may keep stored. */
    anonymousBytesPerAddress: number;
    /** Bytes of datasets all anonymous clients together may keep stored. */
    anonymousBytesTotal: number;
  }>;
  /** What the retention job deletes, and how often it runs (server/retention, docs/reliability.md "Retention"). */
  retention: Readonly<{
    /** Period of the retention job (one run per period across all worker processes). */
    everyMs: number;
    /** Rows one DELETE removes at most. */
    batchSize: number;
    /** Sent outbox events are kept this long (each group's newest is kept). */
    outboxMs: number;
    /** Chat messages are kept this long. */
    chatMessagesMs: number;
    /** A chat room with no messages (and nobody in it) is kept this long after it was created. */
    chatRoomsMs: number;
    /** Finished jobs are kept this long after they finished. */
    jobsMs: number;
  }>;
  /** How long BullMQ keeps finished job entries in Redis, in seconds (at most 1,000 completed and 10,000 failed per queue besides). */
  queueHistory: Readonly<{ completedSeconds: number; failedSeconds: number }>;
  /** Downloads of job results (those too large for a message) a client may make per minute. */
  resultDownloadsPerMinute: number;
  /** Bearer token for /metrics; without one, /metrics answers loopback clients only, and only when no proxy is trusted. */
  metricsToken: string | undefined;
  /** Port of a worker's /metrics endpoint (0 turns it off). */
  workerMetricsPort: number;
  /** Port of a standalone relay process's /metrics (`switchyard relay`); 0: none. */
  relayMetricsPort: number;
  /**
   * Jobs a worker process runs at once on each channel it serves; undefined
   * keeps each channel's own setting (workers/channel-settings.ts:
   * `bigdata.process` one per core, `report.render` 2).
   */
  workerConcurrency: number | undefined;
  /** Scheduling niceness of job processes (0–19): CPU-bound jobs yield the CPU to interface servers on the same machine. */
  workerNice: number;
  /**
   * How long the outbox relay leader's database session may be silent before
   * another relay ends it and takes over (a silent network partition); the
   * relay's connects and statements time out at half of it.
   */
  outboxRelayLeaseMs: number;
  /**
   * Chat limits (docs/chat.md): rooms one connection may be in, rooms one
   * address may create per hour, people a member list shows, rooms the lobby
   * lists, and the window over which each interface server coalesces a room's
   * presence changes (and the lobby's counts) into one event.
   */
  chat: Readonly<{ roomsPerConnection: number; messageRate: Readonly<{ perSecond: number; burst: number }>; roomsCreatedPerHour: number; memberListMax: number; lobbyRoomsMax: number; presenceBatchMs: number; presenceTtlMs: number }>;
  /** Poll votes one client address may cast per hour (each browser can vote once per poll, but cookies are free). */
  pollVotesPerAddressPerHour: number;
  /**
   * V8 heap limit (MB) of each job process; a job that needs more fails with
   * `out_of_memory`. Undefined keeps each channel's own setting
   * (workers/channel-settings.ts: `bigdata.process` 512).
   */
  jobHeapMb: number | undefined;
  /**
   * Time limit (ms) of every job of a worker process's channels; a job past
   * it fails with `timed_out`. Undefined keeps each channel's own setting
   * (workers/channel-settings.ts: `bigdata.process` 10 min, `report.render` 30 s).
   */
  jobTimeoutMs: number | undefined;
  /**
   * A module (path, relative to the working directory) whose `processors`
   * export replaces the built-in processor registry
   * (workers/processors/index.ts): a processor for every worker channel.
   * The drills load processors that fail on purpose this way.
   */
  workerProcessors: string | undefined;
}>;
