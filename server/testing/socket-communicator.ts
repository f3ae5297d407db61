import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { createReplySequencer } from '../../client/reply-sequencer.ts';
import type { ReplySequencer } from '../../client/reply-sequencer.ts';
import type { Ack } from '../protocol/errors.ts';
import type { ReplyMessage } from '../protocol/index.ts';

/** How to open a test connection. */
export type ConnectOptions = {
  namespace?: string;
  /** Handshake auth: `reply` token and `lastSeq` (see docs/protocol.md). */
  auth?: { reply?: string; lastSeq?: number; epoch?: string };
  /** Extra handshake headers, e.g. `cookie` or `origin`. */
  headers?: Record<string, string>;
};

type Received = { event: string; args: unknown[] };

/**
 * A real socket.io-client connection for tests (Channels' WebsocketCommunicator):
 * every event it receives is queued, and `receive` takes the next one of a name.
 */
export class SocketCommunicator {
  private readonly queue: Received[] = [];
  private readonly waiters: { event: string; resolve: (r: Received) => void }[] = [];
  /** The reply channel, its token and its sequence's epoch, from `reply.assigned`. */
  replyChannel = '';
  replyToken = '';
  epoch = '';
  /**
   * Puts reply-channel messages in seq order, once each, as a conforming client
   * must (docs/protocol.md): messages sent to one reply channel from several
   * processes can be published out of seq order, and a gap is filled with
   * `reply.fetch`. The browser client uses the same sequencer.
   */
  private readonly replies: ReplySequencer;
  // Ack ids of raw packets: far above the ids socket.io-client assigns itself, so the two never meet.
  private rawAckId = 1_000_000_000;

  private constructor(
    readonly socket: Socket,
    readonly namespace: string,
    lastSeq: number,
    epoch: string,
  ) {
    this.epoch = epoch;
    this.replies = createReplySequencer({
      lastSeq,
      advance: () => {},
      deliver: (message) => this.dispatch({ event: 'reply.message', args: [message] }),
      fetchAfter: async (after) => {
        const answer = await this.request<{ messages: ReplyMessage[] }>('reply.fetch', { after });
        if (!answer.ok) throw new Error(`reply.fetch refused: ${answer.error.code}: ${answer.error.message}`);
        return answer.data.messages;
      },
    });
    socket.onAny((event: string, ...args: unknown[]) => {
      if (event === 'reply.message') {
        // A message of another epoch: the server's counter started over while this client was connected.
        const message = args[0] as ReplyMessage;
        if (message.epoch !== undefined && message.epoch !== this.epoch) {
          this.epoch = message.epoch;
          this.replies.reset(0);
        }
        return this.replies.receive(message);
      }
      if (event === 'reply.reset') {
        this.epoch = (args[0] as { epoch: string }).epoch;
        this.replies.reset(0);
      }
      if (event === 'reply.assigned') {
        const assigned = args[0] as { token: string; replyChannel: string; epoch: string };
        this.replyChannel = assigned.replyChannel;
        this.replyToken = assigned.token;
        if (assigned.epoch) this.epoch = assigned.epoch;
      }
      this.dispatch({ event, args });
    });
  }

  /** Hands a received event to the oldest waiter for it, or queues it. */
  private dispatch(received: Received): void {
    const waiter = this.waiters.findIndex((w) => w.event === received.event);
    if (waiter >= 0) this.waiters.splice(waiter, 1)[0]?.resolve(received);
    else this.queue.push(received);
  }

  /** Connects to `url` and resolves once the namespace accepted the connection and assigned a reply channel. */
  static async connect(url: string, options: ConnectOptions = {}): Promise<SocketCommunicator> {
    const namespace = options.namespace ?? '/';
    const socket = io(`${url}${namespace}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: options.auth ?? {},
      extraHeaders: options.headers,
    });
    const communicator = new SocketCommunicator(socket, namespace, options.auth?.lastSeq ?? 0, options.auth?.epoch ?? '');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => reject(error));
    });
    await communicator.receive('reply.assigned');
    return communicator;
  }

  /** Attempts a connection that the server should refuse; resolves with the refusal. */
  static async refused(url: string, options: ConnectOptions = {}): Promise<Error & { data?: { code?: string } }> {
    try {
      const communicator = await SocketCommunicator.connect(url, options);
      communicator.close();
    } catch (error) {
      return error as Error & { data?: { code?: string } };
    }
    throw new Error('the connection was accepted, but it should have been refused');
  }

  /** Emits an event with an ack and resolves with the server's answer. */
  request<T = unknown>(event: string, ...args: unknown[]): Promise<Ack<T>> {
    return this.socket.timeout(5000).emitWithAck(event, ...args) as Promise<Ack<T>>;
  }

  /** Emits an event without an ack (errors then arrive as `event.rejected`). */
  emit(event: string, ...args: unknown[]): void {
    this.socket.emit(event, ...args);
  }

  /**
   * Sends an event packet whose data is `packetJson` (`["event", payload]`) as
   * written, bypassing socket.io-client's encoder: for input a well-behaved
   * client cannot produce (e.g. nesting deeper than JSON.stringify can walk).
   */
  emitRaw(packetJson: string): void {
    this.socket.io.engine.write(`2${this.namespacePrefix()}${packetJson}`);
  }

  /** Like `emitRaw`, with an ack id; resolves with the server's answer. */
  requestRaw(packetJson: string, timeoutMs = 5000): Promise<unknown> {
    const id = this.rawAckId;
    this.rawAckId += 1;
    // socket.io-client routes an ack packet to the callback registered under its id.
    const acks = (this.socket as unknown as { acks: Record<number, (answer: unknown) => void> }).acks;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        delete acks[id];
        reject(new Error(`no ack for a raw packet within ${timeoutMs} ms`));
      }, timeoutMs);
      acks[id] = (answer) => {
        clearTimeout(timer);
        resolve(answer);
      };
      this.socket.io.engine.write(`2${this.namespacePrefix()}${id}${packetJson}`);
    });
  }

  private namespacePrefix(): string {
    return this.namespace === '/' ? '' : `${this.namespace},`;
  }

  /** The payload of the next event named `event`, waiting up to `timeoutMs`. */
  async receive<T = unknown>(event: string, timeoutMs = 5000): Promise<T> {
    const queued = this.queue.findIndex((r) => r.event === event);
    if (queued >= 0) return this.queue.splice(queued, 1)[0]?.args[0] as T;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no "${event}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        event,
        resolve: (r: Received) => {
          clearTimeout(timer);
          resolve(r.args[0] as T);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /**
   * Asserts that no `event` arrives within `ms`. Pair it with a positive
   * receive on another client first, so the quiet period is meaningful.
   */
  async receiveNothing(event: string, ms = 200): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const found = this.queue.find((r) => r.event === event);
    if (found) throw new Error(`expected no "${event}", got ${JSON.stringify(found.args[0])}`);
  }

  /** Every queued event name, oldest first (for debugging assertions). */
  pending(): string[] {
    return this.queue.map((r) => r.event);
  }

  /** Closes the connection. */
  close(): void {
    this.replies.dispose();
    this.socket.disconnect();
  }
}
